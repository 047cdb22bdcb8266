create or replace function deskline.mut_ticket_record_events(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
begin
    perform deskline.lock_ticket(me, deskline.arg_id(a, 'ticket_id'));
    if not a ? 'events' then
        perform deskline.reject('invalid_args', 'no events to record');
    end if;
    return '{}'::jsonb; -- apply_mutation records them, as for any change
end
$$;

revoke all on function deskline.mut_ticket_record_events(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.record_events', 'deskline.mut_ticket_record_events')
on conflict (name) do update set handler = excluded.handler;
