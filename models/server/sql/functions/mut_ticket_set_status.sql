create or replace function deskline.mut_ticket_set_status(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_to smallint := deskline.arg_int(a, 'status', 0, 5);
    v_now bigint := deskline.now_ms();
    t deskline.tickets;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.status = v_to then
        return jsonb_build_object('ticket_id', t.id, 'status', t.status, 'previous', t.status);
    end if;
    if not exists (select from deskline.status_transitions where from_status = t.status and to_status = v_to) then
        perform deskline.reject('invalid_transition', format('status %s cannot change to %s', t.status, v_to),
                                jsonb_build_object('status', t.status));
    end if;
    update deskline.tickets
       set status = v_to,
           solved_at = case v_to when 4 then v_now when 5 then solved_at end,
           closed_at = case v_to when 5 then v_now else closed_at end,
           updated_at = v_now
     where id = t.id;
    return jsonb_build_object('ticket_id', t.id, 'status', v_to, 'previous', t.status);
end
$$;

revoke all on function deskline.mut_ticket_set_status(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.set_status', 'deskline.mut_ticket_set_status')
on conflict (name) do update set handler = excluded.handler;
