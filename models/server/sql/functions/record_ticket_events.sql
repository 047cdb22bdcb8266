-- An entry names its ticket through the change it came with: the change's own ticket (the
-- one just created for ticket.create), or with "on": "target" the ticket a merge goes into.
create or replace function deskline.record_ticket_events(me deskline.agents, p_name text, a jsonb, r jsonb) returns void
language plpgsql
as $$
declare
    e jsonb;
    v_ticket_id bigint;
begin
    if jsonb_typeof(a -> 'events') is distinct from 'array' then
        perform deskline.reject('invalid_args', 'events must be an array');
    end if;
    for e in select value from jsonb_array_elements(a -> 'events') loop
        if jsonb_typeof(e) is distinct from 'object' then
            perform deskline.reject('invalid_args', 'each event is an object');
        end if;
        v_ticket_id := case
            when e ->> 'on' = 'target' then deskline.arg_id(a, 'target_ticket_id')
            when p_name = 'ticket.create' then (r ->> 'ticket_id')::bigint
            else deskline.arg_id(a, 'ticket_id')
        end;
        if e ->> 'on' = 'target' then
            perform deskline.lock_ticket(me, v_ticket_id); -- visible to this agent
        end if;
        insert into deskline.ticket_events (client_id, ticket_id, agent_id, action, detail, at)
        values (deskline.arg_uuid(e, 'client_id'), v_ticket_id, me.id, coalesce(e ->> 'action', ''),
                coalesce(e ->> 'detail', ''), deskline.arg_int(e, 'at', 0, 9223372036854775807))
        on conflict (client_id) do nothing;
    end loop;
end
$$;

revoke all on function deskline.record_ticket_events(deskline.agents, text, jsonb, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
