-- Recorded right after the ticket.set_status that solved the ticket: if that was refused, so is this.
create or replace function deskline.mut_survey_record(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_opt_uuid(a, 'client_id');
    v_resolution smallint := deskline.arg_int(a, 'resolution', 0, 1);
    v_mode smallint := deskline.arg_int(a, 'mode', 0, 2);
    v_score smallint := deskline.arg_opt_int(a, 'score', 1, 5);
    v_comment text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'comment')), '');
    v_skip text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'skip_reason')), '');
    v_send_at bigint := deskline.arg_opt_int(a, 'send_at', 0, 9223372036854775807);
    t deskline.tickets;
    s deskline.surveys;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.status not in (4, 5) then
        perform deskline.reject('invalid_status', format('ticket %s is not solved', t.id));
    end if;
    if v_mode = 0 and v_score is null then
        perform deskline.reject('invalid_args', 'a survey asked live has a score');
    end if;
    if v_mode = 2 and v_skip = '' then
        perform deskline.reject('invalid_args', 'a skipped survey has a reason');
    end if;
    if v_mode = 1 and v_send_at is null then
        perform deskline.reject('invalid_args', 'a queued survey has a time to be sent');
    end if;
    insert into deskline.surveys (client_id, ticket_id, agent_id, resolution, mode, score, comment, skip_reason,
                                  send_at)
    values (v_client_id, t.id, me.id, v_resolution, v_mode, case when v_mode = 0 then v_score end,
            case when v_mode = 0 then v_comment else '' end, case when v_mode = 2 then v_skip else '' end,
            case when v_mode = 1 then v_send_at end)
    returning * into s;
    return jsonb_build_object('ticket_id', t.id, 'survey_id', s.id);
end
$$;

revoke all on function deskline.mut_survey_record(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('survey.record', 'deskline.mut_survey_record')
on conflict (name) do update set handler = excluded.handler;
