-- What a desk asks beside each pull_changes, in the same statement:
-- held: committed changes past its cursor wait above the horizon. pull_changes returns only
--   rows below pg_snapshot_xmin (an older transaction still running could commit a lower xid),
--   and the transaction holding the horizon may end without a notification (a presence
--   heartbeat, an administrator's job): while this is true the desk pulls again shortly.
--   Rows this agent may not see count too; they only make the desk ask again.
-- below_floor: rows past its cursor were pruned (prune_change_log), so it must copy again.
-- epoch: the log's history; a desk holding another one copies again. A cursor ahead of the
--   server's own xid counter also means the database went back in time (restored from a backup);
--   a cursor may equal it (a first copy's snapshot xmin when nothing ran), never pass it.
create or replace function deskline.pull_status(p_after_xid xid8, p_after_seq bigint,
                                                out held boolean, out below_floor boolean, out epoch text)
language plpgsql stable security definer set search_path = deskline, pg_temp
set plan_cache_mode = force_generic_plan set jit = off -- as pull_changes, which it is asked beside
as $$
declare
    v_floor text := coalesce((select value from deskline.meta where key = 'change_log_floor'), '0:0');
begin
    held := exists (select 1
                      from deskline.change_log c
                     where (c.xid, c.seq) > (p_after_xid, p_after_seq)
                       and c.xid >= pg_snapshot_xmin(pg_current_snapshot()));
    below_floor := (p_after_xid, p_after_seq) < (split_part(v_floor, ':', 1)::xid8, split_part(v_floor, ':', 2)::bigint)
                   or p_after_xid > pg_snapshot_xmax(pg_current_snapshot());
    epoch := coalesce((select value from deskline.meta where key = 'change_log_epoch'), '');
end
$$;

revoke all on function deskline.pull_status(xid8, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.pull_status(xid8, bigint)
    to deskline_agent, deskline_supervisor, deskline_admin;
