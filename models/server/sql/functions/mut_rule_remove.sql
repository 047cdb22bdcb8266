create or replace function deskline.mut_rule_remove(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may change the rules');
    end if;
    delete from deskline.classification_rules where client_id = deskline.arg_uuid(a, 'client_id');
    return '{}'::jsonb;
end
$$;

revoke all on function deskline.mut_rule_remove(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('rule.remove', 'deskline.mut_rule_remove')
on conflict (name) do update set handler = excluded.handler;
