create or replace function deskline.mut_time_update(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    e deskline.time_entries := deskline.own_time_entry(me, a);
begin
    update deskline.time_entries
       set duration_ms = deskline.arg_int(a, 'duration_ms', 1, 86400000),
           note = coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'note')), ''),
           manual = coalesce((a ->> 'manual')::boolean, e.manual)
     where id = e.id;
    return jsonb_build_object('time_entry_id', e.id);
end
$$;

revoke all on function deskline.mut_time_update(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('time.update', 'deskline.mut_time_update')
on conflict (name) do update set handler = excluded.handler;
