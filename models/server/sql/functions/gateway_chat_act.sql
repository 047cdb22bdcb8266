-- What the visitor of a chat (by its token's hash) does there: 'message' (p_text, already
-- cleaned, under the gateway's p_client_id for it, so a retry after a lost answer adds nothing;
-- answers {message_id}), 'typing', 'transcript' (p_text is the address), 'rating' (p_score,
-- p_text the comment: the live mode of the satisfaction survey, the chat's latest rating
-- counts) and 'end'. Answers {outcome}: done, unknown (no such chat) or ended (a message, a
-- typing note or an address after the end: the transcript goes once, to the address the chat
-- ended with).
create or replace function deskline.gateway_chat_act(p_token_sha256 text, p_action text, p_text text,
                                                     p_score int, p_client_id uuid)
returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    c deskline.chat_sessions;
    t deskline.tickets;
    v_now bigint := deskline.now_ms();
    v_message bigint;
    v_survey bigint;
begin
    select * into c from deskline.chat_sessions where token_sha256 = p_token_sha256;
    if not found then
        return jsonb_build_object('outcome', 'unknown');
    end if;
    -- The ticket first, then its chat: the order the desks' mutations take the ticket in.
    select * into t from deskline.tickets where id = c.ticket_id for update;
    select * into c from deskline.chat_sessions where ticket_id = c.ticket_id for update;
    if c.ended_at is not null and p_action in ('message', 'typing', 'transcript') then
        return jsonb_build_object('outcome', 'ended');
    end if;
    case p_action
        when 'message' then
            select m.id into v_message from deskline.messages m where m.client_id = p_client_id;
            if found then
                return jsonb_build_object('outcome', 'done', 'message_id', v_message);
            end if;
            insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
            values (p_client_id, t.id, 0,
                    coalesce((select cu.name from deskline.customers cu where cu.id = t.customer_id), ''), p_text,
                    v_now)
            returning id into v_message;
            -- A customer writing after "solved" or "pending" means the case goes on.
            update deskline.tickets
               set updated_at = v_now, message_count = message_count + 1,
                   status = case when status in (2, 4) then 1 else status end,
                   solved_at = case when status = 4 then null else solved_at end
             where id = t.id;
            update deskline.chat_sessions set customer_typing_at = null where ticket_id = c.ticket_id;
            return jsonb_build_object('outcome', 'done', 'message_id', v_message);
        when 'typing' then
            update deskline.chat_sessions set customer_typing_at = v_now where ticket_id = c.ticket_id;
        when 'transcript' then
            update deskline.chat_sessions set transcript_to = p_text where ticket_id = c.ticket_id;
        when 'rating' then
            select s.id into v_survey from deskline.surveys s
             where s.ticket_id = c.ticket_id and s.mode = 0 order by s.id desc limit 1;
            if v_survey is null then
                insert into deskline.surveys (client_id, ticket_id, agent_id, resolution, mode, score, comment,
                                              created_at, answered_at)
                select gen_random_uuid(), t2.id, t2.assignee_id, 0, 0, p_score, coalesce(p_text, ''), v_now, v_now
                  from deskline.tickets t2 where t2.id = c.ticket_id;
            else
                update deskline.surveys set score = p_score, comment = coalesce(p_text, ''), answered_at = v_now
                 where id = v_survey;
            end if;
        when 'end' then
            update deskline.chat_sessions set ended_at = coalesce(ended_at, v_now), customer_typing_at = null
             where ticket_id = c.ticket_id;
        else
            raise exception 'unknown chat action %', p_action using errcode = 'invalid_parameter_value';
    end case;
    return jsonb_build_object('outcome', 'done');
end
$$;

revoke all on function deskline.gateway_chat_act(text, text, text, int, uuid)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_act(text, text, text, int, uuid) to deskline_gateway;
