-- The solving agent's desk sent the queued survey message, or found the ticket reopened or
-- closed first and did not.
create or replace function deskline.mut_survey_sent(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    s deskline.surveys := deskline.survey_by_client_id(me, a);
    v_sent boolean := coalesce((a ->> 'sent')::boolean, true);
    v_reason text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'skip_reason')), 'not sent');
begin
    if s.mode <> 1 then
        return jsonb_build_object('survey_id', s.id);
    end if;
    if v_sent then
        update deskline.surveys set sent_at = coalesce(sent_at, deskline.now_ms()) where id = s.id;
    elsif s.sent_at is null then
        update deskline.surveys set mode = 2, send_at = null, skip_reason = v_reason where id = s.id;
    end if;
    return jsonb_build_object('survey_id', s.id);
end
$$;

revoke all on function deskline.mut_survey_sent(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('survey.sent', 'deskline.mut_survey_sent')
on conflict (name) do update set handler = excluded.handler;
