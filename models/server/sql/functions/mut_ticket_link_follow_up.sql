-- Sent after the follow-up's ticket.create, which the server numbers: the desk names the new
-- ticket by its client id, the closed one by its id.
create or replace function deskline.mut_ticket_link_follow_up(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_closed_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_uuid(a, 'follow_up_client_id');
    closed deskline.tickets;
    next deskline.tickets;
begin
    closed := deskline.lock_ticket(me, v_closed_id);
    if closed.status <> 5 then
        perform deskline.reject('invalid_status', format('ticket %s is not closed', closed.id));
    end if;
    select * into next from deskline.tickets where client_id = v_client_id for update;
    if not found or not deskline.visible_to(me.role, me.team_id, next.team_id, next.restricted) then
        perform deskline.reject('not_found', 'the follow-up ticket does not exist or is not visible to you');
    end if;
    if next.id = closed.id then
        perform deskline.reject('invalid_args', 'a ticket cannot follow up itself');
    end if;
    update deskline.tickets set follow_up_of = closed.id, updated_at = deskline.now_ms() where id = next.id;
    return jsonb_build_object('ticket_id', next.id, 'follow_up_of', closed.id);
end
$$;

revoke all on function deskline.mut_ticket_link_follow_up(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.link_follow_up', 'deskline.mut_ticket_link_follow_up')
on conflict (name) do update set handler = excluded.handler;
