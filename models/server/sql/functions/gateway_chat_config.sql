-- What the chat page needs before a chat: the team's business calendar (null: the default one)
-- and the published FAQ articles, which the gateway searches as the visitor types.
create or replace function deskline.gateway_chat_config() returns jsonb
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select jsonb_build_object(
        'calendar', (select s.value from deskline.team_settings s where s.key = 'business_calendar'),
        'articles', coalesce((select jsonb_agg(jsonb_build_object(
                                  'id', a.client_id, 'title', a.title, 'body', a.body, 'language', a.language, 'title_zh', a.title_zh,
                                  'body_zh', a.body_zh, 'title_en', a.title_en, 'body_en', a.body_en)
                                  order by a.published_at, a.client_id)
                                from deskline.faq_articles a), '[]'::jsonb))
$$;

revoke all on function deskline.gateway_chat_config()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_config() to deskline_gateway;
