-- A request a source posted into the team's tickets, as RequestIntake does it on a standalone
-- desk: a new ticket, a message on the ticket of the same conversation, or a follow-up when
-- that one is closed. One transaction with the webhook-id it came under: the same id posted
-- again (a retry after a timeout, or to a second gateway) gets the first answer and adds nothing,
-- and two requests of one new conversation at once make one ticket.
--
-- The gateway has checked the signature, the rate and the JSON, and sends what only it knows:
-- the subject and body in the desk's words when the request had none, the customer's phone_key
-- (the national number's digits, reversed, in the team's region), the follow-up subject in the
-- desk's language, and the files by SHA-256 (put_content first).
-- Answers {outcome, ticket_id, status, answer}: outcome is one of new_ticket, added_to_ticket,
-- follow_up, repeat; answer is the body the source is answered with.
create or replace function deskline.gateway_intake_request(p_source bigint, p_webhook_id text, p jsonb)
returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    s deskline.intake_sources;
    r deskline.intake_requests;
    t deskline.tickets;
    v_external text := coalesce(p ->> 'external_id', '');
    v_person jsonb := coalesce(p -> 'customer', '{}'::jsonb);
    v_customer_ext text;
    v_email text := lower(coalesce(deskline.trimmed(v_person ->> 'email'), ''));
    v_phone_key text := coalesce(v_person ->> 'phone_key', '');
    v_customer_id bigint;
    v_customer_name text;
    v_ticket_id bigint;
    v_message_id bigint;
    v_outcome text;
    v_answer text;
    v_file jsonb;
    v_hops int := 0;
    v_now bigint := deskline.now_ms();
begin
    select * into s from deskline.intake_sources where id = p_source;
    if not found then
        raise exception 'intake source % does not exist', p_source using errcode = 'no_data_found';
    end if;
    perform pg_advisory_xact_lock(hashtext('deskline.intake'), hashtext(s.id || '/' || p_webhook_id));
    select * into r from deskline.intake_requests where source_id = s.id and webhook_id = p_webhook_id;
    if found then
        return jsonb_build_object('outcome', 'repeat', 'ticket_id', r.ticket_id, 'status', r.status,
                                  'answer', r.answer);
    end if;

    if v_external <> '' then
        perform pg_advisory_xact_lock(hashtext('deskline.intake'), hashtext(s.id || ':' || v_external));
        select q.ticket_id into v_ticket_id
          from deskline.intake_requests q
         where q.source_id = s.id and q.external_id = v_external and q.external_id <> '' and q.ticket_id is not null
         order by q.id desc limit 1;
    end if;

    if v_ticket_id is not null then
        -- A duplicate was closed by its merge: the customer's answer belongs where the case went on.
        loop
            select * into t from deskline.tickets where id = v_ticket_id for update;
            exit when not found or t.merged_into is null or v_hops >= 16;
            v_ticket_id := t.merged_into;
            v_hops := v_hops + 1;
        end loop;
    end if;

    if t.id is not null then
        select c.name into v_customer_name from deskline.customers c where c.id = t.customer_id;
        if t.status = 5 then
            insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id,
                                          team_id, follow_up_of, created_at, updated_at)
            values (gen_random_uuid(), replace(coalesce(p ->> 'follow_up_subject', '%1'), '%1', t.subject),
                    t.channel, t.category, t.priority, 0, t.customer_id, t.team_id, t.id, v_now, v_now)
            returning * into t;
            v_outcome := 'follow_up';
        else
            v_outcome := 'added_to_ticket';
        end if;
    else
        -- A new conversation: the customer by the source's id for them, their address or their
        -- number, or made from what the source knows.
        v_customer_ext := case when coalesce(v_person ->> 'external_id', '') <> ''
                               then 'intake:' || s.id || ':' || (v_person ->> 'external_id') end;
        perform deskline.lock_customer_keys(v_customer_ext, v_email,
                                            case when v_phone_key ~ '^[0-9]+$' then 'phone:' || v_phone_key end);
        if v_customer_ext is not null then
            select c.id, c.name into v_customer_id, v_customer_name
              from deskline.customers c where c.external_id = v_customer_ext;
        end if;
        if v_customer_id is null and v_email <> '' then
            select c.id, c.name into v_customer_id, v_customer_name
              from deskline.customers c where lower(c.email) = v_email and c.email <> '' order by c.id limit 1;
        end if;
        if v_customer_id is null and v_phone_key ~ '^[0-9]+$' then
            select c.id, c.name into v_customer_id, v_customer_name
              from deskline.customers_by_phone(v_phone_key) c;
        end if;
        if v_customer_id is null then
            v_customer_name := coalesce(nullif(deskline.trimmed(v_person ->> 'name'), ''), '?');
            insert into deskline.customers (external_id, name, username, email, phone, phone_key, created_at)
            values (v_customer_ext, v_customer_name, coalesce(deskline.trimmed(v_person ->> 'username'), ''),
                    coalesce(deskline.trimmed(v_person ->> 'email'), ''),
                    coalesce(deskline.trimmed(v_person ->> 'phone'), ''),
                    deskline.phone_key(coalesce(v_person ->> 'phone', '')), v_now)
            returning id into v_customer_id;
        end if;
        -- Made with its first message counted: no second write of the ticket (and change for the
        -- desks) for it.
        insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id, team_id,
                                      message_count, created_at, updated_at)
        values (gen_random_uuid(), coalesce(nullif(deskline.trimmed(p ->> 'subject'), ''), '?'), s.channel, 5, 1, 0,
                v_customer_id, s.team_id, 1, v_now, v_now)
        returning * into t;
        if jsonb_array_length(coalesce(p -> 'tags', '[]'::jsonb)) > 0 then
            insert into deskline.ticket_tags (ticket_id, tag)
            select distinct t.id, deskline.trimmed(tag)
              from jsonb_array_elements_text(p -> 'tags') tag
             where deskline.trimmed(tag) <> ''
            on conflict do nothing;
        end if;
        v_outcome := 'new_ticket';
    end if;

    insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
    values (gen_random_uuid(), t.id, 0, coalesce(v_customer_name, ''), coalesce(p ->> 'body', ''), v_now)
    returning id into v_message_id;
    for v_file in select * from jsonb_array_elements(coalesce(p -> 'attachments', '[]'::jsonb)) loop
        insert into deskline.attachments (message_id, name, mime_type, size, sha256)
        select v_message_id, coalesce(nullif(v_file ->> 'name', ''), 'attachment'),
               coalesce(nullif(v_file ->> 'mime_type', ''), 'application/octet-stream'), c.size, c.sha256
          from deskline.file_contents c where c.sha256 = decode(v_file ->> 'sha256', 'hex');
        if not found then
            raise exception 'the content of "%" was not put first', v_file ->> 'name'
                using errcode = 'foreign_key_violation';
        end if;
    end loop;
    -- A customer writing back after "solved" means it was not, and after "pending" that the wait
    -- is over.
    if v_outcome <> 'new_ticket' then
        update deskline.tickets
           set updated_at = v_now, message_count = message_count + 1,
               status = case when status in (2, 4) then 1 else status end,
               solved_at = case when status = 4 then null else solved_at end
         where id = t.id;
    end if;

    -- The exact body the local desk answers with (RequestIntake::answerFor), kept for a repeat.
    v_answer := format('{"ticket":%s,"id":%s,"outcome":%s}', to_json('#' || t.id)::text, t.id,
                       to_json(v_outcome)::text);
    insert into deskline.intake_requests (source_id, webhook_id, external_id, ticket_id, status, answer, received_at)
    values (s.id, p_webhook_id, v_external, t.id, 201, v_answer, v_now);
    return jsonb_build_object('outcome', v_outcome, 'ticket_id', t.id, 'status', 201, 'answer', v_answer);
end
$$;

revoke all on function deskline.gateway_intake_request(bigint, text, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_intake_request(bigint, text, jsonb) to deskline_gateway;
