create or replace function deskline.mut_survey_answer(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    s deskline.surveys := deskline.survey_by_client_id(me, a);
    v_score smallint := deskline.arg_int(a, 'score', 1, 5);
    v_comment text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'comment')), '');
begin
    if s.mode <> 1 then
        perform deskline.reject('invalid_args', 'only a survey sent to the customer gets a later answer');
    end if;
    update deskline.surveys
       set score = v_score, comment = v_comment, answered_at = deskline.now_ms()
     where id = s.id;
    return jsonb_build_object('survey_id', s.id);
end
$$;

revoke all on function deskline.mut_survey_answer(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('survey.answer', 'deskline.mut_survey_answer')
on conflict (name) do update set handler = excluded.handler;
