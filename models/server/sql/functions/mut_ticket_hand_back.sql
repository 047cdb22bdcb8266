create or replace function deskline.mut_ticket_hand_back(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_note text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'note')), '');
    t deskline.tickets;
    e deskline.escalations;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if v_note = '' then
        perform deskline.reject('invalid_args', 'a hand-back needs a note');
    end if;
    select * into e from deskline.escalations
     where ticket_id = t.id and handed_back_at is null
     order by id desc limit 1 for update;
    if not found then
        perform deskline.reject('not_escalated', format('ticket %s is not escalated', t.id));
    end if;
    update deskline.escalations
       set handed_back_at = deskline.now_ms(), handed_back_by = me.id, hand_back_note = v_note
     where id = e.id;
    -- An L3 hand-back lands at L2 while L2's own escalation is still open.
    update deskline.tickets
       set team_id = e.from_team_id, assignee_id = e.from_agent_id,
           escalation_tier = coalesce((select to_tier from deskline.escalations
                                        where ticket_id = t.id and handed_back_at is null
                                        order by id desc limit 1), 0),
           updated_at = deskline.now_ms()
     where id = t.id;
    return jsonb_build_object('ticket_id', t.id, 'escalation_id', e.id);
end
$$;

revoke all on function deskline.mut_ticket_hand_back(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.hand_back', 'deskline.mut_ticket_hand_back')
on conflict (name) do update set handler = excluded.handler;
