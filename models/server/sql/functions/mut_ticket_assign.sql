create or replace function deskline.mut_ticket_assign(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_agent_id bigint := deskline.arg_opt_int(a, 'agent_id', 1, 9223372036854775807);
    t deskline.tickets;
    target deskline.agents;
    v_team_id bigint;
begin
    -- A missing key must not read as "unassign".
    if not a ? 'agent_id' then
        perform deskline.reject('invalid_args', 'agent_id is required (null to unassign)');
    end if;
    t := deskline.lock_ticket(me, v_ticket_id);

    if me.role < 1 and not (v_agent_id = me.id and (t.assignee_id is null or t.assignee_id = me.id)) then
        perform deskline.reject('not_allowed', 'only a supervisor may assign a ticket to someone else or take it from someone',
                                jsonb_build_object('assignee_id', t.assignee_id,
                                                   'assignee_name', deskline.agent_name(t.assignee_id)));
    end if;
    if v_agent_id is not null then
        select * into target from deskline.agents where id = v_agent_id;
        if not found or not target.active then
            perform deskline.reject('not_found', format('agent %s does not exist or is inactive', v_agent_id));
        end if;
    end if;

    v_team_id := coalesce(target.team_id, t.team_id);
    if t.assignee_id is distinct from v_agent_id or t.team_id is distinct from v_team_id then
        update deskline.tickets
           set assignee_id = v_agent_id, team_id = v_team_id, updated_at = deskline.now_ms(),
               status = case when status = 0 and v_agent_id is not null then 1 else status end
         where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'assignee_id', v_agent_id, 'assignee_name', target.name,
                              'team_id', v_team_id, 'previous_assignee_id', t.assignee_id);
end
$$;

revoke all on function deskline.mut_ticket_assign(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.assign', 'deskline.mut_ticket_assign')
on conflict (name) do update set handler = excluded.handler;
