-- The desks check a calendar and targets in full before sending them; the server checks what
-- it can without knowing their form, so a wrong shape never reaches the other desks.
create or replace function deskline.mut_setting_save(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_key text := deskline.arg_opt_text(a, 'key');
    v_value jsonb := a -> 'value';
    v_entry record;
    s deskline.team_settings;
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may change the team''s settings');
    end if;
    case v_key
        when 'business_calendar', 'sla_policy' then
            if jsonb_typeof(v_value) is distinct from 'object' then
                perform deskline.reject('invalid_args', format('%s must be an object', v_key));
            end if;
        when 'agent_capacity' then
            if jsonb_typeof(v_value) is distinct from 'object' then
                perform deskline.reject('invalid_args', 'agent_capacity must be an object');
            end if;
            for v_entry in select key, value from jsonb_each(v_value) loop
                if v_entry.key !~ '^[0-9]{1,18}$' or jsonb_typeof(v_entry.value) is distinct from 'number'
                   or (v_entry.value)::numeric not between 1 and 500 then
                    perform deskline.reject('invalid_args', 'a capacity is an agent id and 1 to 500 tickets');
                end if;
            end loop;
        when 'auto_assign' then
            if jsonb_typeof(v_value) is distinct from 'object' then
                perform deskline.reject('invalid_args', 'auto_assign must be an object');
            end if;
            for v_entry in select key, value from jsonb_each(v_value) loop
                if v_entry.key !~ '^[0-9]{1,18}$'
                   or v_entry.value not in ('"round_robin"'::jsonb, '"by_load"'::jsonb) then
                    perform deskline.reject('invalid_args', 'auto_assign maps a team id to round_robin or by_load');
                end if;
            end loop;
        when 'auto_close_days' then
            v_value := to_jsonb(deskline.arg_int(a, 'value', 0, 90));
        when 'survey_delay_minutes' then
            v_value := to_jsonb(deskline.arg_int(a, 'value', 0, 10080));
        when 'archive_age_days' then
            v_value := to_jsonb(deskline.arg_int(a, 'value', 1, 3650));
        else
            perform deskline.reject('invalid_args', format('unknown setting %s', coalesce(v_key, '(none)')));
    end case;
    insert into deskline.team_settings (key, value, updated_by)
    values (v_key, v_value, me.id)
    on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by
    returning * into s;
    return jsonb_build_object('setting_id', s.id);
end
$$;

revoke all on function deskline.mut_setting_save(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('setting.save', 'deskline.mut_setting_save')
on conflict (name) do update set handler = excluded.handler;
