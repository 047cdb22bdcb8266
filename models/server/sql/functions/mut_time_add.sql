create or replace function deskline.mut_time_add(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    t deskline.tickets := deskline.lock_ticket(me, deskline.arg_id(a, 'ticket_id'));
    e deskline.time_entries;
begin
    insert into deskline.time_entries (client_id, ticket_id, agent_id, started_at, duration_ms, note, manual)
    values (deskline.arg_uuid(a, 'client_id'), t.id, me.id, deskline.arg_int(a, 'started_at', 0, 9223372036854775807),
            deskline.arg_int(a, 'duration_ms', 1, 86400000),
            coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'note')), ''), coalesce((a ->> 'manual')::boolean, false))
    returning * into e;
    return jsonb_build_object('time_entry_id', e.id);
end
$$;

revoke all on function deskline.mut_time_add(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('time.add', 'deskline.mut_time_add')
on conflict (name) do update set handler = excluded.handler;
