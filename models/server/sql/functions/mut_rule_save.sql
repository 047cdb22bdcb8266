create or replace function deskline.mut_rule_save(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    r deskline.classification_rules := deskline.rule_values(a);
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may change the rules');
    end if;
    insert into deskline.classification_rules (client_id, position, name, phrases, channel, account_status, category,
                                               priority, tags, team_id, enabled)
    values (r.client_id, r.position, r.name, r.phrases, r.channel, r.account_status, r.category, r.priority, r.tags,
            r.team_id, r.enabled)
    on conflict (client_id) do update
        set position = excluded.position, name = excluded.name, phrases = excluded.phrases,
            channel = excluded.channel, account_status = excluded.account_status, category = excluded.category,
            priority = excluded.priority, tags = excluded.tags, team_id = excluded.team_id,
            enabled = excluded.enabled
    returning * into r;
    return jsonb_build_object('rule_id', r.id);
end
$$;

revoke all on function deskline.mut_rule_save(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('rule.save', 'deskline.mut_rule_save')
on conflict (name) do update set handler = excluded.handler;
