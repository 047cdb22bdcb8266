create or replace function deskline.mut_ticket_escalate(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_opt_uuid(a, 'client_id');
    v_kind smallint := deskline.arg_int(a, 'kind', 0, 1);
    v_to_team bigint := deskline.arg_opt_int(a, 'to_team_id', 1, 9223372036854775807);
    v_to_agent bigint := deskline.arg_opt_int(a, 'to_agent_id', 1, 9223372036854775807);
    v_reason text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'reason')), '');
    v_summary text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'summary')), '');
    v_urgency smallint := deskline.arg_int(a, 'urgency', 0, 3);
    v_facts jsonb := coalesce(a -> 'facts', '[]');
    v_tier smallint;
    v_team deskline.teams;
    v_agent deskline.agents;
    t deskline.tickets;
    e deskline.escalations;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.status in (4, 5) then
        perform deskline.reject('invalid_status', format('ticket %s is solved or closed; reopen it first', t.id));
    end if;
    if v_reason = '' then
        perform deskline.reject('invalid_args', 'an escalation needs a reason');
    end if;
    if jsonb_typeof(v_facts) <> 'array' then
        perform deskline.reject('invalid_args', 'facts must be an array');
    end if;
    if v_to_agent is not null then
        select * into v_agent from deskline.agents where id = v_to_agent and active;
        if not found then
            perform deskline.reject('invalid_args', format('agent %s does not exist', v_to_agent));
        end if;
    end if;
    if v_kind = 1 then
        -- Hierarchical: to a supervisor or manager, at their team's tier (never below the ticket's).
        if v_agent.id is null or v_agent.role < 1 then
            perform deskline.reject('invalid_args', 'a hierarchical escalation goes to a supervisor or an administrator');
        end if;
        v_to_team := v_agent.team_id;
        select * into v_team from deskline.teams where id = v_to_team;
        v_tier := greatest(coalesce(v_team.tier, 3), deskline.current_tier(t));
    else
        select * into v_team from deskline.teams where id = v_to_team;
        if not found then
            perform deskline.reject('invalid_args', 'a functional escalation goes to a team');
        end if;
        if v_team.tier <= deskline.current_tier(t) then
            perform deskline.reject('invalid_args', format('team %s is not above the ticket''s tier L%s',
                                                           v_team.name, deskline.current_tier(t)));
        end if;
        if v_agent.id is not null and v_agent.team_id is distinct from v_team.id then
            perform deskline.reject('invalid_args', format('%s is not in %s', v_agent.name, v_team.name));
        end if;
        v_tier := v_team.tier;
    end if;

    insert into deskline.escalations (client_id, ticket_id, kind, to_tier, from_agent_id, from_team_id, to_team_id,
                                      to_agent_id, reason, summary, facts, urgency)
    values (v_client_id, t.id, v_kind, v_tier, me.id, t.team_id, v_to_team, v_to_agent, v_reason, v_summary,
            v_facts, v_urgency)
    returning * into e;
    update deskline.tickets
       set team_id = v_to_team, assignee_id = v_to_agent, escalation_tier = v_tier,
           priority = greatest(priority, v_urgency), status = case when status = 0 then 1 else status end,
           updated_at = deskline.now_ms()
     where id = t.id;
    return jsonb_build_object('ticket_id', t.id, 'escalation_id', e.id, 'to_tier', v_tier);
end
$$;

revoke all on function deskline.mut_ticket_escalate(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.escalate', 'deskline.mut_ticket_escalate')
on conflict (name) do update set handler = excluded.handler;
