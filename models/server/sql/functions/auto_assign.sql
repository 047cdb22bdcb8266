-- Gives a new, unassigned ticket to an agent of its team if the team wants that; returns the
-- agent, or null when the ticket stays in the queue (no setting, nobody online, everyone full).
create or replace function deskline.auto_assign(p_ticket_id bigint) returns bigint
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

revoke all on function deskline.auto_assign(bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
