-- The chat of a token's hash and what its page shows after a message: the agents' replies and
-- the customer's messages (never the notes), whether an agent typed in the last 5 seconds and
-- whether the chat ended, the chat's language and the address its transcript is due to (the
-- gateway's, never the page's). Null for a hash of no chat.
create or replace function deskline.gateway_chat_since(p_token_sha256 text, p_after bigint) returns jsonb
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select jsonb_build_object(
        'ticket_id', c.ticket_id,
        'language', c.language,
        'transcript_due', case when c.ended_at is not null and c.transcript_to <> c.transcript_sent_to
                               then c.transcript_to else '' end,
        'ended', c.ended_at is not null,
        'agent_typing', c.ended_at is null and coalesce(deskline.now_ms() - c.agent_typing_at < 5000, false),
        'lines', coalesce((select jsonb_agg(jsonb_build_object(
                               'id', m.id, 'from_customer', m.kind = 0,
                               'author', case when m.kind = 0 then '' else m.author_name end,
                               'text', m.body, 'at', m.created_at) order by m.id)
                             from (select * from deskline.messages m
                                    where m.ticket_id = c.ticket_id and m.id > p_after and m.kind <> 2
                                    order by m.id limit 200) m), '[]'::jsonb))
      from deskline.chat_sessions c
     where c.token_sha256 = p_token_sha256
$$;

revoke all on function deskline.gateway_chat_since(text, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_since(text, bigint) to deskline_gateway;
