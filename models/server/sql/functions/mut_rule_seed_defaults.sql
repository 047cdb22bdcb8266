-- The first desk to start writes the default rules, once for the whole team: later desks, and a
-- team that deleted them, are left as they are. Any agent may, as nothing else can be written so.
create or replace function deskline.mut_rule_seed_defaults(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_rule jsonb;
    r deskline.classification_rules;
begin
    if jsonb_typeof(a -> 'rules') is distinct from 'array' then
        perform deskline.reject('invalid_args', 'rules must be an array');
    end if;
    insert into deskline.meta (key, value) values ('classification_defaults_written', '1')
    on conflict (key) do nothing;
    if not found then
        return jsonb_build_object('written', false);
    end if;
    for v_rule in select value from jsonb_array_elements(a -> 'rules') loop
        r := deskline.rule_values(v_rule);
        insert into deskline.classification_rules (client_id, position, name, phrases, channel, account_status,
                                                   category, priority, tags, team_id, enabled)
        values (r.client_id, r.position, r.name, r.phrases, r.channel, r.account_status, r.category, r.priority,
                r.tags, r.team_id, r.enabled)
        on conflict (client_id) do nothing;
    end loop;
    return jsonb_build_object('written', true);
end
$$;

revoke all on function deskline.mut_rule_seed_defaults(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('rule.seed_defaults', 'deskline.mut_rule_seed_defaults')
on conflict (name) do update set handler = excluded.handler;
