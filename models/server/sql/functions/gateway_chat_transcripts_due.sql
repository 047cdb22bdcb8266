-- The ended chats whose transcript is still to be mailed (a gateway that could not, when the
-- chat ended, tries again): {due: their tokens' hashes, oldest end first}.
create or replace function deskline.gateway_chat_transcripts_due(p_limit int) returns jsonb
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select jsonb_build_object('due', coalesce(jsonb_agg(d.token_sha256 order by d.ended_at), '[]'::jsonb))
      from (select c.token_sha256, c.ended_at
              from deskline.chat_sessions c
             where c.ended_at is not null and c.transcript_to <> '' and c.transcript_sent_to <> c.transcript_to
             order by c.ended_at
             limit greatest(coalesce(p_limit, 0), 0)) d
$$;

revoke all on function deskline.gateway_chat_transcripts_due(int)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_transcripts_due(int) to deskline_gateway;
