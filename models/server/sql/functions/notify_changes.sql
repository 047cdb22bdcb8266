-- Only a wake-up: listeners pull the change log afterwards. The payload is the committing
-- transaction's xid8 and the log's epoch ("xid epoch"), so a desk whose cursor is already past
-- that xid in the same history knows the pull would bring nothing new and skips it (with 500
-- desks, a burst's wake-ups mostly came after the pull that brought their rows). NOTIFY drops
-- duplicates within a transaction (one payload per transaction), and notifications of a
-- rolled-back sub-block are dropped with it.
create or replace function deskline.notify_changes() returns trigger
language plpgsql
as $$
begin
    perform pg_notify('deskline_changes', pg_current_xact_id()::text || ' ' ||
                      coalesce((select value from deskline.meta where key = 'change_log_epoch'), ''));
    return null;
end
$$;

revoke all on function deskline.notify_changes()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
