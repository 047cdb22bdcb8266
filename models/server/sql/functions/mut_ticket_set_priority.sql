-- Last writer wins in commit order (the row lock orders the writers); the result names the value
-- and the agent that were overwritten, so that agent can be told.
create or replace function deskline.mut_ticket_set_priority(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_priority smallint := deskline.arg_int(a, 'priority', 0, 3);
    t deskline.tickets;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.priority <> v_priority or t.priority_set_by is distinct from me.id then
        update deskline.tickets
           set priority = v_priority, priority_set_by = me.id, updated_at = deskline.now_ms()
         where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'priority', v_priority,
                              'previous', t.priority, 'previous_set_by', t.priority_set_by);
end
$$;

revoke all on function deskline.mut_ticket_set_priority(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.set_priority', 'deskline.mut_ticket_set_priority')
on conflict (name) do update set handler = excluded.handler;
