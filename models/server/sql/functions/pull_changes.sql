-- A desk starting from an initial sync takes (pg_snapshot_xmin(pg_current_snapshot()), 0) of its
-- REPEATABLE READ snapshot as its first cursor: everything below that xid is in the snapshot, and
-- rows above it are pulled again, which the version guard makes harmless.
-- Rows of tickets that no longer exist are returned to everyone, so every desk can drop its copy.
-- One generic plan for the session: planning this query afresh for each pull (what the default
-- plan cache mode kept doing, as a custom plan looked cheaper) cost most of a pull's 1 ms. The
-- ticket is looked up per change row in a subquery, so the generic plan stays the ordered
-- range scan of change_log with an index probe per row, whatever the table sizes: a join here
-- could be planned as a hash of every ticket, built on every pull. The generic plan's estimate
-- (a third of the log past any cursor) is far above jit_above_cost, and compiling it took 17 ms
-- of a pull that reads nothing at 100,000 tickets: no JIT for a read of a few rows.
create or replace function deskline.pull_changes(p_after_xid xid8, p_after_seq bigint, p_limit int)
returns table (xid xid8, seq bigint, entity text, entity_id bigint)
language plpgsql stable security definer set search_path = deskline, pg_temp
set plan_cache_mode = force_generic_plan set jit = off
as $$
#variable_conflict use_column
declare
    me deskline.agents;
begin
    select * into me from deskline.current_agent();
    if me.id is null then
        raise exception 'login "%" is not an active Deskline agent', session_user
            using errcode = 'insufficient_privilege';
    end if;
    return query
    select c.xid, c.seq, c.entity, c.entity_id
      from deskline.change_log c
     where (c.xid, c.seq) > (p_after_xid, p_after_seq)
       and c.xid < pg_snapshot_xmin(pg_current_snapshot())
       and (c.ticket_id is null
            or coalesce((select deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted)
                           from deskline.tickets t
                          where t.id = c.ticket_id), true)
            or (c.was_restricted is not null
                and deskline.visible_to(me.role, me.team_id, c.was_team_id, c.was_restricted)))
     order by c.xid, c.seq
     limit greatest(coalesce(p_limit, 0), 0);
end
$$;

revoke all on function deskline.pull_changes(xid8, bigint, integer)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.pull_changes(xid8, bigint, integer)
    to deskline_agent, deskline_supervisor, deskline_admin;
