-- What the chat page needs before a chat: the team's business calendar (null: the default one),
-- the published FAQ articles, which the gateway searches as the visitor types, and whether the
-- team its chats go to (p_team, a name; empty: none) exists.
create or replace function deskline.gateway_chat_config(p_team text) returns jsonb
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select jsonb_build_object(
        'team_known', coalesce(p_team, '') = '' or exists (select 1 from deskline.teams t where t.name = p_team),
        'calendar', (select s.value from deskline.team_settings s where s.key = 'business_calendar'),
        'articles', coalesce((select jsonb_agg(jsonb_build_object(
                                  'id', a.client_id, 'title', a.title, 'body', a.body, 'language', a.language, 'title_zh', a.title_zh,
                                  'body_zh', a.body_zh, 'title_en', a.title_en, 'body_en', a.body_en)
                                  order by a.published_at, a.client_id)
                                from deskline.faq_articles a), '[]'::jsonb))
$$;

revoke all on function deskline.gateway_chat_config(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_config(text) to deskline_gateway;
