-- A bounded change log. Each row says when it was written, so that rows older than the team's
-- retention (meta 'change_log_retention_days', 30 unless set) can be pruned (prune_change_log).
-- The newest pruned position is the log's floor ('change_log_floor', "xid:seq"): a desk whose
-- cursor is below it missed rows that are gone and copies again. The log's epoch
-- ('change_log_epoch') names this history: a database restored from a backup is given a new one
-- (`deskctl server new-epoch`), and every desk holding the old one copies again.
alter table deskline.change_log add column at timestamptz not null default now();
-- A BRIN index: rows arrive in time order, and it costs an insert next to nothing.
create index change_log_by_at on deskline.change_log using brin (at);

insert into deskline.meta (key, value) values
    ('change_log_retention_days', '30'),
    ('change_log_floor', '0:0'),
    ('change_log_epoch', gen_random_uuid()::text)
on conflict (key) do nothing;
