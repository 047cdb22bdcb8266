-- A telephone system's call event into the team's tickets, as CallIntake does it on a standalone
-- desk, in one transaction with its webhook-id (a repeat gets the first answer and changes
-- nothing). newCall notes the call ringing; answer gives it a phone ticket held by the agent
-- who took it and tells that agent's desk (NOTIFY deskline_calls: {login, ticket_id, call_id}),
-- which pops the caller's card; hangup keeps the call's length on its ticket (and tells the desk:
-- {…, ended: true, duration_ms}, which stops the card's timer), or, for a call
-- nobody answered, opens a ticket in the source's queue tagged missed-call. Events out of order
-- still make one call.
--
-- The gateway sends the number as E.164 (from), readable, and its phone_key (the national
-- number's digits, reversed), and the words in the desk's language with placeholders only the
-- server can fill: {agent}, {duration} (m:ss or h:mm:ss) and {started} (ISO 8601, UTC).
-- Answers {status, answer, repeat, ticket_id, call_row_id, agent_login, answered_now, ended_now}.
create or replace function deskline.gateway_intake_call(p_source bigint, p_webhook_id text, p jsonb)
returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    s deskline.intake_sources;
    r deskline.intake_requests;
    c deskline.calls;
    v_kind text := coalesce(p ->> 'kind', '');
    v_call_id text := coalesce(p ->> 'call_id', '');
    v_phone_key text := coalesce(p ->> 'phone_key', '');
    v_agent deskline.agents;
    v_customer_id bigint;
    v_ticket_id bigint;
    v_answered_now boolean := false;
    v_ended_now boolean := false;
    v_now bigint := deskline.now_ms();
    v_secs bigint;
    v_clock text;
    v_text text;
    v_state text;
    v_answer jsonb;
begin
    if v_kind not in ('new_call', 'answer', 'hangup') or v_call_id = '' then
        raise exception 'a call event needs a kind and a call id' using errcode = 'invalid_parameter_value';
    end if;
    select * into s from deskline.intake_sources where id = p_source;
    if not found then
        raise exception 'intake source % does not exist', p_source using errcode = 'no_data_found';
    end if;
    perform pg_advisory_xact_lock(hashtext('deskline.intake'), hashtext(s.id || '/' || p_webhook_id));
    select * into r from deskline.intake_requests where source_id = s.id and webhook_id = p_webhook_id;
    if found then
        return jsonb_build_object('repeat', true, 'status', r.status, 'answer', r.answer, 'ticket_id', r.ticket_id);
    end if;

    -- One call's three events may come at once: the row is made once and then locked.
    insert into deskline.calls (source_id, call_id, from_number, to_number, started_at, customer_id)
    values (s.id, v_call_id, coalesce(p ->> 'from', ''), coalesce(p ->> 'to', ''), v_now,
            (select cu.id from deskline.customers_by_phone(v_phone_key) cu))
    on conflict (source_id, call_id) do nothing;
    select * into c from deskline.calls where source_id = s.id and call_id = v_call_id for update;

    -- The first answer opens the call's ticket, and so does a hangup that nobody answered.
    if v_kind in ('answer', 'hangup') and c.ticket_id is null and c.answered_at is null and c.ended_at is null then
        v_customer_id := c.customer_id;
        if v_customer_id is null then
            insert into deskline.customers (name, phone, phone_key, created_at)
            values (coalesce(p ->> 'caller_name', '?'), coalesce(p ->> 'readable', ''),
                    deskline.phone_key(coalesce(p ->> 'readable', '')), v_now)
            returning id into v_customer_id;
        end if;
        if v_kind = 'answer' then
            select * into v_agent from deskline.agents a where a.login = coalesce(p ->> 'agent_login', '') and a.active;
            insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id,
                                          assignee_id, team_id, created_at, updated_at)
            values (gen_random_uuid(), coalesce(p ->> 'call_subject', '?'), 2, 5, 1,
                    case when v_agent.id is null then 0 else 1 end, v_customer_id, v_agent.id,
                    coalesce(v_agent.team_id, s.team_id), v_now, v_now)
            returning id into v_ticket_id;
        else
            v_text := replace(coalesce(p ->> 'missed_text', ''), '{started}',
                              to_char(to_timestamp(c.started_at / 1000.0) at time zone 'UTC',
                                      'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
            insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id,
                                          team_id, created_at, updated_at, message_count)
            values (gen_random_uuid(), coalesce(p ->> 'missed_subject', '?'), 2, 5, 1, 0, v_customer_id, s.team_id,
                    v_now, v_now, 1)
            returning id into v_ticket_id;
            insert into deskline.ticket_tags (ticket_id, tag) values (v_ticket_id, 'missed-call');
            insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
            values (gen_random_uuid(), v_ticket_id, 0,
                    (select cu.name from deskline.customers cu where cu.id = v_customer_id), v_text, v_now);
        end if;
        update deskline.calls set ticket_id = v_ticket_id, customer_id = v_customer_id where id = c.id;
    end if;

    if v_kind = 'answer' and c.answered_at is null and c.ended_at is null then
        update deskline.calls set answered_at = v_now, agent_login = coalesce(p ->> 'agent_login', '')
         where id = c.id;
        v_answered_now := true;
        perform pg_notify('deskline_calls',
                          jsonb_build_object('login', coalesce(p ->> 'agent_login', ''), 'ticket_id', v_ticket_id,
                                             'call_id', c.id)::text);
    elsif v_kind = 'hangup' and c.ended_at is null then
        v_secs := case when c.answered_at is null then 0 else greatest(0, v_now - c.answered_at) / 1000 end;
        update deskline.calls
           set ended_at = v_now, duration_ms = case when c.answered_at is null then 0
                                                    else greatest(0, v_now - c.answered_at) end
         where id = c.id;
        if c.answered_at is not null and c.ticket_id is not null then
            v_clock := case when v_secs >= 3600
                            then format('%s:%s:%s', v_secs / 3600, lpad(((v_secs / 60) % 60)::text, 2, '0'),
                                        lpad((v_secs % 60)::text, 2, '0'))
                            else format('%s:%s', v_secs / 60, lpad((v_secs % 60)::text, 2, '0')) end;
            v_text := replace(replace(case when c.agent_login <> '' then p ->> 'answered_note' else p ->> 'note' end,
                                      '{agent}', c.agent_login), '{duration}', v_clock);
            insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
            values (gen_random_uuid(), c.ticket_id, 2, '', coalesce(v_text, ''), v_now);
            update deskline.tickets set message_count = message_count + 1, updated_at = v_now
             where id = c.ticket_id;
            perform pg_notify('deskline_calls',
                              jsonb_build_object('login', c.agent_login, 'ticket_id', c.ticket_id, 'call_id', c.id,
                                                 'ended', true, 'duration_ms', v_secs * 1000)::text);
        end if;
        v_ended_now := true;
    end if;

    select * into c from deskline.calls where id = c.id;
    v_state := case when c.ended_at is not null and c.answered_at is null then 'missed'
                    when c.ended_at is not null then 'ended'
                    when c.answered_at is not null then 'answered' else 'ringing' end;
    v_answer := jsonb_build_object('call_id', c.call_id, 'state', v_state);
    if c.ticket_id is not null then
        v_answer := v_answer || jsonb_build_object('ticket', '#' || c.ticket_id, 'id', c.ticket_id);
    end if;
    if c.ended_at is not null then
        v_answer := v_answer || jsonb_build_object('duration_ms', c.duration_ms);
    end if;
    insert into deskline.intake_requests (source_id, webhook_id, external_id, ticket_id, status, answer, received_at)
    values (s.id, p_webhook_id, 'call:' || c.call_id, c.ticket_id, 200, v_answer::text, v_now);
    return jsonb_build_object('repeat', false, 'status', 200, 'answer', v_answer::text, 'ticket_id', c.ticket_id,
                              'call_row_id', c.id, 'agent_login', c.agent_login, 'answered_now', v_answered_now,
                              'ended_now', v_ended_now);
end
$$;

revoke all on function deskline.gateway_intake_call(bigint, text, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_intake_call(bigint, text, jsonb) to deskline_gateway;
