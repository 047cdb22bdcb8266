-- The transcript of an ended chat to the address its visitor gave, once per address: an internal
-- note on the ticket holding what goes out (the agents see it; it starts no service clock) and
-- an outgoing mail of it from the team's first mailbox, which the gateway's mail sender sends
-- like a reply. The gateway composed both texts in the chat's language: p_mail_body, and
-- p_unsent_body for the note when no mailbox can send. Answers {outcome}: queued, no_mailbox,
-- or not_due (not ended, another address, or sent already).
create or replace function deskline.gateway_chat_transcript(p_token_sha256 text, p_to text, p_mail_body text,
                                                            p_unsent_body text)
returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    c deskline.chat_sessions;
    v_mailbox bigint;
    v_message bigint;
    v_now bigint := deskline.now_ms();
begin
    select * into c from deskline.chat_sessions where token_sha256 = p_token_sha256;
    if not found then
        return jsonb_build_object('outcome', 'not_due');
    end if;
    perform 1 from deskline.tickets where id = c.ticket_id for update;
    select * into c from deskline.chat_sessions where ticket_id = c.ticket_id for update;
    if c.ended_at is null or c.transcript_to = '' or c.transcript_to <> p_to
       or c.transcript_sent_to = p_to then
        return jsonb_build_object('outcome', 'not_due');
    end if;
    select b.id into v_mailbox from deskline.mailboxes b where b.smtp_url <> '' order by b.id limit 1;
    insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
    values (gen_random_uuid(), c.ticket_id, 2, '', case when v_mailbox is null then p_unsent_body else p_mail_body end,
            v_now)
    returning id into v_message;
    update deskline.tickets set message_count = message_count + 1, updated_at = v_now where id = c.ticket_id;
    if v_mailbox is not null then
        insert into deskline.mail_messages (message_id, mailbox_id, direction, recipients, delivery, next_attempt_at)
        values (v_message, v_mailbox, 1, jsonb_build_array(p_to), 1, v_now);
    end if;
    update deskline.chat_sessions set transcript_sent_to = p_to where ticket_id = c.ticket_id;
    return jsonb_build_object('outcome', case when v_mailbox is null then 'no_mailbox' else 'queued' end,
                              'message_id', v_message);
end
$$;

revoke all on function deskline.gateway_chat_transcript(text, text, text, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_transcript(text, text, text, text) to deskline_gateway;
