create or replace function deskline.rule_values(a jsonb) returns deskline.classification_rules
language plpgsql
as $$
declare
    r deskline.classification_rules;
begin
    r.client_id := deskline.arg_uuid(a, 'client_id');
    r.position := deskline.arg_int(a, 'position', 0, 1000000);
    r.name := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'name')), '');
    r.phrases := coalesce(a -> 'phrases', '[]');
    r.channel := deskline.arg_opt_int(a, 'channel', 0, 4);
    r.account_status := deskline.arg_opt_int(a, 'account_status', 0, 3);
    r.category := deskline.arg_opt_int(a, 'category', 0, 5);
    r.priority := deskline.arg_opt_int(a, 'priority', 0, 3);
    r.tags := coalesce(a -> 'tags', '[]');
    r.team_id := deskline.arg_opt_int(a, 'team_id', 1, 9223372036854775807);
    r.enabled := coalesce((a ->> 'enabled')::boolean, true);
    if r.name = '' then
        perform deskline.reject('invalid_args', 'a rule has a name');
    end if;
    return r;
end
$$;

revoke all on function deskline.rule_values(jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
