-- Locks the ticket for the rest of the mutation, so that checks and the write see the same row.
-- A ticket the caller may not see is reported exactly like one that does not exist.
create or replace function deskline.lock_ticket(me deskline.agents, p_ticket_id bigint) returns deskline.tickets
language plpgsql
as $$
declare
    t deskline.tickets;
begin
    select * into t from deskline.tickets where id = p_ticket_id for update;
    if not found or not deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted) then
        perform deskline.reject('not_found', format('ticket %s does not exist or is not visible to you', p_ticket_id));
    end if;
    return t;
end
$$;

revoke all on function deskline.lock_ticket(deskline.agents, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
