-- Deskline shared schema, step 14: new tickets are given to an agent automatically, per team
-- (a team setting, auto_assign: {"<team id>": "round_robin" | "by_load"}; a team not named is
-- left alone). Only agents whose desk is online and not away count, and only while they hold
-- fewer open tickets than their capacity. The server decides, inside the ticket's own creation,
-- so two desks never hand out the same turn.

alter table deskline.team_settings drop constraint team_settings_key_check;
alter table deskline.team_settings add constraint team_settings_key_check
    check (key in ('business_calendar', 'sla_policy', 'auto_close_days', 'survey_delay_minutes', 'archive_age_days',
                   'agent_capacity', 'auto_assign'));

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

revoke all on function deskline.mut_setting_save(deskline.agents, jsonb) from public;

-- A desk left without input for a while says its agent is away: still signed in, not at the desk.
alter table deskline.presence add column away boolean not null default false;

create function deskline.set_presence(p_ticket_id bigint, p_typing boolean, p_away boolean) returns void
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    perform deskline.set_presence(p_ticket_id, p_typing);
    update deskline.presence set away = coalesce(p_away, false)
     where agent_id = (select id from deskline.current_agent()) and away is distinct from coalesce(p_away, false);
    if found then
        perform pg_notify('deskline_presence', '0');
    end if;
end
$$;
revoke all on function deskline.set_presence(bigint, boolean, boolean) from public;
grant execute on function deskline.set_presence(bigint, boolean, boolean)
    to deskline_agent, deskline_supervisor, deskline_admin;

create or replace view deskline.v_presence with (security_barrier) as
    select p.agent_id, a.name, p.ticket_id, p.typing, p.seen_at, p.away
      from deskline.presence p
      join deskline.agents a on a.id = p.agent_id
     where p.seen_at > now() - interval '30 seconds';

-- When each agent was last given a ticket automatically: round robin gives the next one to
-- whoever waited longest for a turn.
create table deskline.auto_assign_turns (
    agent_id    bigint primary key references deskline.agents on delete cascade,
    assigned_at timestamptz not null
);
revoke all on deskline.auto_assign_turns from public;

-- Gives a new, unassigned ticket to an agent of its team if the team wants that; returns the
-- agent, or null when the ticket stays in the queue (no setting, nobody online, everyone full).
create function deskline.auto_assign(p_ticket_id bigint) returns bigint
language plpgsql
as $$
declare
    t deskline.tickets;
    v_mode text;
    v_capacity jsonb;
    v_agent deskline.agents;
begin
    select * into t from deskline.tickets where id = p_ticket_id for update;
    if not found or t.assignee_id is not null or t.team_id is null or t.status >= 4 then
        return null;
    end if;
    select s.value ->> t.team_id::text into v_mode from deskline.team_settings s where s.key = 'auto_assign';
    if v_mode is null then
        return null;
    end if;
    select s.value into v_capacity from deskline.team_settings s where s.key = 'agent_capacity';
    -- One team's turns are taken one at a time: two tickets created together must not both go to
    -- the agent who waited longest.
    perform pg_advisory_xact_lock(hashtext('deskline.auto_assign'), t.team_id::integer);
    select a.* into v_agent
      from deskline.agents a
      join deskline.presence p on p.agent_id = a.id and p.seen_at > now() - interval '30 seconds' and not p.away
      left join deskline.auto_assign_turns turn on turn.agent_id = a.id
      cross join lateral (select count(*) as open from deskline.tickets o
                           where o.assignee_id = a.id and o.status < 4 and o.archived_at is null) held
     where a.team_id = t.team_id and a.active and a.role = 0
       and (coalesce(v_capacity, '{}'::jsonb) ->> a.id::text is null
            or held.open < (v_capacity ->> a.id::text)::integer)
     order by case when v_mode = 'by_load' then held.open else 0 end,
              coalesce(turn.assigned_at, '-infinity'::timestamptz), a.id
     limit 1;
    if v_agent.id is null then
        return null;
    end if;
    update deskline.tickets set assignee_id = v_agent.id, updated_at = deskline.now_ms() where id = t.id;
    insert into deskline.auto_assign_turns (agent_id, assigned_at) values (v_agent.id, clock_timestamp())
    on conflict (agent_id) do update set assigned_at = excluded.assigned_at;
    -- In the ticket's shared history, as the desks write an assignment: the agent's login.
    insert into deskline.ticket_events (client_id, ticket_id, agent_id, action, detail, at)
    values (gen_random_uuid(), t.id, null, 'auto_assign', v_agent.login, deskline.now_ms());
    return v_agent.id;
end
$$;
revoke all on function deskline.auto_assign(bigint) from public;

-- ticket.create, then the automatic assignment, in one transaction. A desk whose agent takes the
-- new ticket says so ("assign_to_me"), and its claim follows; a resent creation changes nothing.
create function deskline.mut_ticket_create_assigned(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_existed boolean := exists (select from deskline.tickets where client_id = deskline.arg_uuid(a, 'client_id'));
    r jsonb := deskline.mut_ticket_create(me, a);
begin
    if not v_existed and (a -> 'assign_to_me') is distinct from 'true'::jsonb then
        perform deskline.auto_assign((r ->> 'ticket_id')::bigint);
    end if;
    return r;
end
$$;
revoke all on function deskline.mut_ticket_create_assigned(deskline.agents, jsonb) from public;

update deskline.mutation_handlers set handler = 'deskline.mut_ticket_create_assigned' where name = 'ticket.create';
