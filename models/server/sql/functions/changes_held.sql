-- Whether committed changes past the desk's cursor wait above the horizon: pull_changes returns
-- only rows below pg_snapshot_xmin (an older transaction still running could commit a lower
-- xid), and the transaction holding the horizon back may end without a notification (a
-- presence heartbeat, an administrator's job). While this is true the desk pulls again
-- shortly, backing off, instead of waiting for the next notification or its safety poll.
-- Rows this agent may not see count too: they only make the desk ask again.
create or replace function deskline.changes_held(p_after_xid xid8, p_after_seq bigint)
returns boolean
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select exists (select 1
                     from deskline.change_log c
                    where (c.xid, c.seq) > (p_after_xid, p_after_seq)
                      and c.xid >= pg_snapshot_xmin(pg_current_snapshot()))
$$;

revoke all on function deskline.changes_held(xid8, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.changes_held(xid8, bigint)
    to deskline_agent, deskline_supervisor, deskline_admin;
