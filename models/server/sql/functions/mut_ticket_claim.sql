create or replace function deskline.mut_ticket_claim(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    t deskline.tickets;
begin
    -- The compare-and-set is the UPDATE itself: concurrent claimers queue on the row lock and
    -- re-check "assignee_id is null" against the winner's committed row, so exactly one wins.
    for attempt in 1..3 loop
        update deskline.tickets
           set assignee_id = me.id, team_id = coalesce(me.team_id, team_id), updated_at = deskline.now_ms(),
               -- Taking a new ticket starts work on it (the desk shows the same at once).
               status = case when status = 0 then 1 else status end
         where id = v_ticket_id
           and assignee_id is null
           and deskline.visible_to(me.role, me.team_id, team_id, restricted)
        returning * into t;
        if found then
            return jsonb_build_object('ticket_id', t.id, 'assignee_id', me.id, 'assignee_name', me.name,
                                      'team_id', t.team_id);
        end if;

        select * into t from deskline.tickets where id = v_ticket_id;
        if not found or not deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted) then
            perform deskline.reject('not_found', format('ticket %s does not exist or is not visible to you', v_ticket_id));
        end if;
        if t.assignee_id = me.id then
            return jsonb_build_object('ticket_id', t.id, 'assignee_id', me.id, 'assignee_name', me.name,
                                      'team_id', t.team_id);
        end if;
        if t.assignee_id is not null then
            perform deskline.reject('already_claimed',
                                    format('ticket %s is already assigned to %s', t.id, deskline.agent_name(t.assignee_id)),
                                    jsonb_build_object('assignee_id', t.assignee_id,
                                                       'assignee_name', deskline.agent_name(t.assignee_id)));
        end if;
        -- Unassigned again between the update and the read: try again.
    end loop;
    perform deskline.reject('already_claimed', format('ticket %s keeps changing hands', v_ticket_id),
                            jsonb_build_object('assignee_id', null, 'assignee_name', null));
    return null;
end
$$;

revoke all on function deskline.mut_ticket_claim(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.claim', 'deskline.mut_ticket_claim')
on conflict (name) do update set handler = excluded.handler;
