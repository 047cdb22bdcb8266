-- A customer's mail into the team's tickets, as MailIntake does it on a standalone desk: a new
-- ticket, a message on the ticket it answers, a satisfaction answer, or a follow-up of a closed
-- ticket; bounces, auto-replies and floods set aside. One transaction with the mailbox's read
-- position (locked, so two gateways never take the same mail twice), and the same Message-ID
-- delivered again adds nothing.
--
-- The gateway parses the mail and sends what only it can know: the key (Message-ID, or a digest
-- of the bytes), the noise verdict, a ticket named by an HMAC-checked Message-ID of ours
-- (our_ticket), a [T-…] token in the subject (subject_ticket, trusted only from that ticket's
-- customer), the Message-IDs the mail answers (ancestors), a satisfaction score it recognised,
-- the text, the files (put_content first) and the notes and labels in the desk's language.
-- Answers {outcome, ticket_id, message_id, detail}; outcome is one of new_ticket, added,
-- survey_answer, follow_up, duplicate, auto_reply, bounce, held.
create or replace function deskline.gateway_receive(p_mailbox bigint, p_uid_validity bigint, p_uid bigint, p_mail jsonb)
returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    b deskline.mailboxes;
    t deskline.tickets;
    v_key text := deskline.trimmed(p_mail ->> 'key');
    v_sender text := lower(coalesce(deskline.trimmed(p_mail ->> 'sender'), ''));
    v_noise text := coalesce(p_mail ->> 'noise', '');
    v_raw bytea := case when coalesce(p_mail ->> 'raw_sha256', '') ~ '^[0-9a-f]{64}$'
                        then decode(p_mail ->> 'raw_sha256', 'hex') end;
    v_subject text := coalesce(p_mail ->> 'subject', '');
    v_body text := coalesce(p_mail ->> 'body', '');
    v_files jsonb := coalesce(p_mail -> 'attachments', '[]'::jsonb);
    v_flood_limit int := coalesce((p_mail ->> 'flood_limit')::int, 0);
    v_now bigint := deskline.now_ms();
    v_detail text;
    v_ticket_id bigint;
    v_message_id bigint;
    v_customer_id bigint;
    v_customer_name text;
    v_outcome text;
    v_candidate bigint;
    v_ancestor text;
    v_survey_id bigint;
    v_file jsonb;
    v_hops int := 0;
begin
    if v_key is null or v_key = '' then
        raise exception 'the mail has no key' using errcode = 'invalid_parameter_value';
    end if;
    select * into b from deskline.mailboxes where id = p_mailbox for update;
    if not found then
        raise exception 'mailbox % does not exist', p_mailbox using errcode = 'no_data_found';
    end if;
    -- Passed already (by another gateway, or by this one before a restart): nothing to do, and
    -- the position never moves back.
    if b.uid_validity = p_uid_validity and p_uid <= b.last_uid then
        return jsonb_build_object('outcome', 'duplicate', 'ticket_id', null, 'message_id', null, 'detail', '');
    end if;
    update deskline.mailboxes set uid_validity = p_uid_validity, last_uid = p_uid where id = b.id;

    if exists (select from deskline.mail_messages where rfc_message_id = v_key)
       or exists (select from deskline.mail_set_aside where rfc_message_id = v_key) then
        return jsonb_build_object('outcome', 'duplicate', 'ticket_id', null, 'message_id', null, 'detail', '');
    end if;

    if v_noise = 'bounce' then
        v_detail := coalesce(p_mail ->> 'noise_detail', '');
        select f.message_id, m.ticket_id into v_message_id, v_ticket_id
          from deskline.mail_messages f join deskline.messages m on m.id = f.message_id
         where f.rfc_message_id = p_mail ->> 'bounced_message_id' and f.direction = 1;
        if v_message_id is not null then
            update deskline.mail_messages
               set delivery = 4, delivery_detail = coalesce(p_mail ->> 'bounce_reason', v_detail), next_attempt_at = null
             where message_id = v_message_id;
        end if;
        insert into deskline.mail_set_aside (mailbox_id, rfc_message_id, sender, subject, reason, detail, raw_sha256)
        values (b.id, v_key, v_sender, v_subject, 1, v_detail, v_raw);
        return jsonb_build_object('outcome', 'bounce', 'ticket_id', v_ticket_id, 'message_id', v_message_id,
                                  'detail', v_detail);
    end if;
    if v_noise = 'auto_reply' then
        v_detail := coalesce(p_mail ->> 'noise_detail', '');
        insert into deskline.mail_set_aside (mailbox_id, rfc_message_id, sender, subject, reason, detail, raw_sha256)
        values (b.id, v_key, v_sender, v_subject, 0, v_detail, v_raw);
        return jsonb_build_object('outcome', 'auto_reply', 'ticket_id', null, 'message_id', null, 'detail', v_detail);
    end if;
    if v_flood_limit > 0 and v_sender <> ''
       and (select count(*) from deskline.mail_messages
             where sender = v_sender and direction = 0 and received_at >= v_now - 60000)
         + (select count(*) from deskline.mail_set_aside where sender = v_sender and at >= v_now - 60000)
           >= v_flood_limit then
        v_detail := coalesce(p_mail ->> 'flood_detail', '');
        insert into deskline.mail_set_aside (mailbox_id, rfc_message_id, sender, subject, reason, detail, raw_sha256)
        values (b.id, v_key, v_sender, v_subject, 2, v_detail, v_raw);
        return jsonb_build_object('outcome', 'held', 'ticket_id', null, 'message_id', null, 'detail', v_detail);
    end if;

    -- Which ticket the mail answers. Our own Message-IDs were checked by the gateway's HMAC.
    v_candidate := (p_mail ->> 'our_ticket')::bigint;
    if v_candidate is not null and exists (select from deskline.tickets where id = v_candidate) then
        v_ticket_id := v_candidate;
    end if;
    if v_ticket_id is null and v_sender <> '' then
        v_candidate := (p_mail ->> 'subject_ticket')::bigint;
        if v_candidate is not null then
            select t2.id into v_ticket_id
              from deskline.tickets t2 join deskline.customers c on c.id = t2.customer_id
             where t2.id = v_candidate and lower(deskline.trimmed(c.email)) = v_sender;
        end if;
        if v_ticket_id is null then
            for v_ancestor in select jsonb_array_elements_text(coalesce(p_mail -> 'ancestors', '[]'::jsonb)) loop
                select m.ticket_id into v_ticket_id
                  from deskline.mail_messages f join deskline.messages m on m.id = f.message_id
                 where f.rfc_message_id = v_ancestor and f.direction = 0 and f.sender = v_sender;
                exit when v_ticket_id is not null;
            end loop;
        end if;
        -- A mail read after the customer's own later mail that answers it (newest first).
        if v_ticket_id is null and coalesce(p_mail ->> 'message_id', '') <> '' then
            select m.ticket_id into v_ticket_id
              from deskline.mail_references r
              join deskline.mail_messages f on f.message_id = r.message_id
              join deskline.messages m on m.id = r.message_id
             where r.rfc_message_id = p_mail ->> 'message_id' and f.sender = v_sender
             order by r.message_id limit 1;
        end if;
    end if;

    if v_ticket_id is not null then
        -- A duplicate was closed by its merge: the answer belongs where the case went on.
        loop
            select * into t from deskline.tickets where id = v_ticket_id for update;
            exit when t.merged_into is null or v_hops >= 16;
            v_ticket_id := t.merged_into;
            v_hops := v_hops + 1;
        end loop;
        select c.name into v_customer_name from deskline.customers c where c.id = t.customer_id;

        -- A score answering the survey that waits on a solved ticket (or one closed since), from
        -- that ticket's customer.
        if p_mail -> 'rating' is not null and jsonb_typeof(p_mail -> 'rating') = 'object' and t.status in (4, 5)
           and exists (select from deskline.customers c
                        where c.id = t.customer_id and lower(deskline.trimmed(c.email)) = v_sender) then
            select s.id into v_survey_id from deskline.surveys s
             where s.ticket_id = t.id order by s.id desc limit 1;
            if v_survey_id is not null and not exists (
                   select from deskline.surveys s
                    where s.id = v_survey_id and (s.mode <> 1 or s.sent_at is null or s.answered_at is not null)) then
                update deskline.surveys
                   set score = least(greatest(((p_mail -> 'rating') ->> 'score')::int, 1), 5),
                       comment = coalesce((p_mail -> 'rating') ->> 'comment', ''), answered_at = v_now
                 where id = v_survey_id;
                v_outcome := 'survey_answer';
                if t.status = 5 then
                    -- A closed ticket takes no message: the mail is kept beside the mailbox.
                    insert into deskline.mail_set_aside (mailbox_id, rfc_message_id, sender, subject, reason, detail,
                                                         raw_sha256)
                    values (b.id, v_key, v_sender, v_subject, 3, (p_mail -> 'rating') ->> 'score', v_raw);
                    return jsonb_build_object('outcome', v_outcome, 'ticket_id', t.id, 'message_id', null,
                                              'detail', '');
                end if;
            end if;
        end if;

        if v_outcome is null and t.status = 5 then
            -- Closed: the customer's mail opens a follow-up, as in the window.
            insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id,
                                          team_id, follow_up_of, created_at, updated_at)
            values (gen_random_uuid(),
                    replace(coalesce(p_mail ->> 'follow_up_subject', '%1'), '%1', t.subject),
                    t.channel, t.category, t.priority, 0, t.customer_id, t.team_id, t.id, v_now, v_now)
            returning * into t;
            v_outcome := 'follow_up';
        end if;
        v_outcome := coalesce(v_outcome, 'added');
    else
        -- A new ticket, for the customer found by the address or made from the From header.
        perform deskline.lock_customer_keys(v_sender);
        if v_sender <> '' then
            select c.id, c.name into v_customer_id, v_customer_name
              from deskline.customers c where lower(c.email) = v_sender and c.email <> '' order by c.id limit 1;
        end if;
        if v_customer_id is null then
            v_customer_name := coalesce(nullif(deskline.trimmed(p_mail ->> 'from_name'), ''),
                                        nullif(split_part(v_sender, '@', 1), ''),
                                        coalesce(p_mail ->> 'unknown_sender', '?'));
            insert into deskline.customers (name, email, created_at)
            values (v_customer_name, v_sender, v_now)
            returning id into v_customer_id;
        end if;
        insert into deskline.tickets (client_id, subject, channel, category, priority, status, customer_id, team_id,
                                      created_at, updated_at)
        values (gen_random_uuid(),
                coalesce(nullif(deskline.trimmed(v_subject), ''), p_mail ->> 'no_subject', '?'),
                0, 5, 1, 0, v_customer_id, b.team_id, v_now, v_now)
        returning * into t;
        v_outcome := 'new_ticket';
    end if;

    insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
    values (gen_random_uuid(), t.id, 0, coalesce(v_customer_name, ''), v_body, v_now)
    returning id into v_message_id;
    for v_file in select * from jsonb_array_elements(v_files) loop
        insert into deskline.attachments (message_id, name, mime_type, size, sha256)
        select v_message_id, coalesce(nullif(v_file ->> 'name', ''), 'attachment'),
               coalesce(nullif(v_file ->> 'mime_type', ''), 'application/octet-stream'), c.size, c.sha256
          from deskline.file_contents c where c.sha256 = decode(v_file ->> 'sha256', 'hex');
        if not found then
            raise exception 'the content of "%" was not put first', v_file ->> 'name'
                using errcode = 'foreign_key_violation';
        end if;
    end loop;
    insert into deskline.mail_messages (message_id, mailbox_id, direction, rfc_message_id, sender, recipients, html,
                                        remote_images, delivery, received_at, raw_sha256)
    values (v_message_id, b.id, 0, v_key, v_sender, coalesce(p_mail -> 'recipients', '[]'::jsonb),
            coalesce(p_mail ->> 'html', ''), coalesce(p_mail -> 'remote_images', '[]'::jsonb), 0, v_now, v_raw);
    insert into deskline.mail_references (rfc_message_id, message_id)
    select distinct r, v_message_id from jsonb_array_elements_text(coalesce(p_mail -> 'ancestors', '[]'::jsonb)) r
    on conflict do nothing;

    update deskline.tickets
       set updated_at = v_now,
           message_count = message_count + 1,
           -- A customer writing back after "solved" means it was not, and after "pending" that the
           -- wait is over; a satisfaction answer asks nothing and leaves the ticket solved.
           status = case when v_outcome = 'survey_answer' then status
                         when status in (2, 4) then 1 else status end,
           solved_at = case when v_outcome <> 'survey_answer' and status = 4 then null else solved_at end
     where id = t.id;

    -- What the agent should know: an unreadable mail, files over the limit.
    if deskline.trimmed(coalesce(p_mail ->> 'note', '')) <> '' then
        insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
        values (gen_random_uuid(), t.id, 2, coalesce(p_mail ->> 'note_author', ''), p_mail ->> 'note', v_now);
        update deskline.tickets set message_count = message_count + 1 where id = t.id;
    end if;
    return jsonb_build_object('outcome', v_outcome, 'ticket_id', t.id, 'message_id', v_message_id, 'detail', '');
end
$$;

revoke all on function deskline.gateway_receive(bigint, bigint, bigint, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_receive(bigint, bigint, bigint, jsonb) to deskline_gateway;
