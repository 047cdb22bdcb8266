create or replace function deskline.mut_time_remove(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    e deskline.time_entries := deskline.own_time_entry(me, a);
begin
    delete from deskline.time_entries where id = e.id;
    return jsonb_build_object('time_entry_id', e.id);
end
$$;

revoke all on function deskline.mut_time_remove(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('time.remove', 'deskline.mut_time_remove')
on conflict (name) do update set handler = excluded.handler;
