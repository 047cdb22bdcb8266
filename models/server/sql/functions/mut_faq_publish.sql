-- A supervisor's canned answer marked public becomes (or stays, with its new words) an article
-- of the chat page's FAQ. Only supervisors and administrators publish: the page is the company's
-- public face.
create or replace function deskline.mut_faq_publish(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_client_id uuid := deskline.arg_uuid(a, 'client_id');
    v_title text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'title')), '');
    v_body text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'body')), '');
    v_language text := coalesce(deskline.arg_opt_text(a, 'language'), '');
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only supervisors and administrators publish FAQ articles');
    end if;
    if v_title = '' or v_body = '' then
        perform deskline.reject('invalid_args', 'an article has a title and a text');
    end if;
    if v_language not in ('', 'zh_CN', 'en') then
        perform deskline.reject('invalid_args', 'language is zh_CN, en or empty');
    end if;
    insert into deskline.faq_articles (client_id, agent_id, title, body, language, title_zh, body_zh, title_en,
                                       body_en)
    values (v_client_id, me.id, v_title, v_body, v_language,
            coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'title_zh')), ''),
            coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'body_zh')), ''),
            coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'title_en')), ''),
            coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'body_en')), ''))
    on conflict (client_id) do update
       set agent_id = excluded.agent_id, title = excluded.title, body = excluded.body, language = excluded.language,
           title_zh = excluded.title_zh, body_zh = excluded.body_zh, title_en = excluded.title_en,
           body_en = excluded.body_en, published_at = deskline.now_ms();
    return jsonb_build_object('client_id', v_client_id);
end
$$;

revoke all on function deskline.mut_faq_publish(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('faq.publish', 'deskline.mut_faq_publish')
on conflict (name) do update set handler = excluded.handler;
