-- A visitor starts a chat (or, outside service hours, leaves a message): a new customer from
-- what they typed (never matched by the address they gave: nobody checked it is theirs), a
-- ticket in the chat channel (a message left: the web channel, tagged chat-after-hours), the
-- first question as the customer's message and, for a chat, its session under the token's hash.
-- The gateway has checked and cleaned every field and sends the subject in the desk's words,
-- and a client_id of its own for the request: the same one again (a retry after a lost answer)
-- answers the ticket it made and adds nothing. Answers {ticket_id}.
create or replace function deskline.gateway_chat_start(p jsonb) returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    v_chat boolean := coalesce((p ->> 'chat')::boolean, true);
    v_name text := coalesce(nullif(deskline.trimmed(p ->> 'customer_name'), ''), '?');
    v_text text := coalesce(p ->> 'text', '');
    v_team bigint := (select t.id from deskline.teams t where t.name = p ->> 'team');
    v_client_id uuid := (p ->> 'client_id')::uuid;
    v_now bigint := deskline.now_ms();
    v_customer bigint;
    v_ticket bigint;
begin
    if v_client_id is null then
        raise exception 'a start has the gateway''s client_id' using errcode = 'invalid_parameter_value';
    end if;
    perform pg_advisory_xact_lock(hashtext('deskline.chat_start'), hashtext(v_client_id::text));
    select t.id into v_ticket from deskline.tickets t where t.client_id = v_client_id;
    if found then
        return jsonb_build_object('ticket_id', v_ticket);
    end if;
    if v_chat and coalesce(p ->> 'token_sha256', '') !~ '^[0-9a-f]{64}$' then
        raise exception 'a chat needs its token''s SHA-256' using errcode = 'invalid_parameter_value';
    end if;
    if not v_chat and deskline.trimmed(v_text) = '' then
        raise exception 'a message left has a text' using errcode = 'invalid_parameter_value';
    end if;
    insert into deskline.customers (name, email, created_at)
    values (v_name, coalesce(deskline.trimmed(p ->> 'email'), ''), v_now)
    returning id into v_customer;
    insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id, team_id,
                                  message_count, created_at, updated_at)
    values (v_client_id, coalesce(nullif(deskline.trimmed(p ->> 'subject'), ''), '?'),
            case when v_chat then 1 else 4 end, 5, 1, 0, v_customer, v_team,
            case when v_text <> '' then 1 else 0 end, v_now, v_now)
    returning id into v_ticket;
    if not v_chat then
        insert into deskline.ticket_tags (ticket_id, tag) values (v_ticket, 'chat-after-hours');
    end if;
    if v_text <> '' then
        insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
        values (gen_random_uuid(), v_ticket, 0, v_name, v_text, v_now);
    end if;
    if v_chat then
        insert into deskline.chat_sessions (ticket_id, token_sha256, language, created_at)
        values (v_ticket, p ->> 'token_sha256', coalesce(p ->> 'language', ''), v_now);
    end if;
    if v_team is not null then
        perform deskline.auto_assign(v_ticket);
    end if;
    return jsonb_build_object('ticket_id', v_ticket);
end
$$;

revoke all on function deskline.gateway_chat_start(jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_chat_start(jsonb) to deskline_gateway;
