create or replace function deskline.mut_message_add(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_uuid(a, 'client_id');
    v_kind smallint := deskline.arg_int(a, 'kind', 0, 2);
    v_body text := deskline.arg_opt_text(a, 'body');
    v_at bigint := deskline.arg_opt_int(a, 'created_at', 0, 9223372036854775807);
    v_now bigint := deskline.now_ms();
    t deskline.tickets;
    m deskline.messages;
    v_author_name text;
    v_message_id bigint;
    v_files jsonb := coalesce(a -> 'attachments', '[]'::jsonb);
    v_file jsonb;
    v_sha256 bytea;
    v_answered deskline.mail_messages;
begin
    if jsonb_typeof(v_files) <> 'array' then
        perform deskline.reject('invalid_args', 'attachments must be an array');
    end if;
    if (v_body is null or deskline.trimmed(v_body) = '') and jsonb_array_length(v_files) = 0 then
        perform deskline.reject('invalid_args', 'body must not be empty');
    end if;
    -- The desk's clock may be wrong; it may be late (written offline), never ahead of the server.
    v_at := least(coalesce(v_at, v_now), v_now);

    t := deskline.lock_ticket(me, v_ticket_id);

    -- Sent before under another mutation id (the desk lost the acknowledgement): same message.
    select * into m from deskline.messages where client_id = v_client_id;
    if found then
        if m.ticket_id <> t.id then
            perform deskline.reject('invalid_args', format('client_id %s belongs to a message of another ticket', v_client_id));
        end if;
        return jsonb_build_object('message_id', m.id);
    end if;

    if t.status = 5 then
        perform deskline.reject('ticket_closed', format('ticket %s is closed', t.id), jsonb_build_object('status', t.status));
    end if;

    if v_kind = 0 then
        select c.name into v_author_name from deskline.customers c where c.id = t.customer_id;
    else
        v_author_name := me.name;
    end if;
    insert into deskline.messages (client_id, ticket_id, kind, author_agent_id, author_name, body, created_at)
    values (v_client_id, t.id, v_kind, case when v_kind = 0 then null else me.id end, coalesce(v_author_name, ''),
            coalesce(v_body, ''), v_at)
    returning id into v_message_id;

    -- The files came up before the mutation (put_content); each is named by its SHA-256.
    for v_file in select * from jsonb_array_elements(v_files) loop
        if jsonb_typeof(v_file) <> 'object' or coalesce(v_file ->> 'sha256', '') !~ '^[0-9a-f]{64}$'
           or deskline.trimmed(coalesce(v_file ->> 'name', '')) = '' then
            perform deskline.reject('invalid_args', 'each attachment needs a name and a sha256 (64 hex digits)');
        end if;
        v_sha256 := decode(v_file ->> 'sha256', 'hex');
        insert into deskline.attachments (message_id, name, mime_type, size, sha256)
        select v_message_id, v_file ->> 'name', coalesce(nullif(v_file ->> 'mime_type', ''), 'application/octet-stream'),
               c.size, c.sha256
          from deskline.file_contents c where c.sha256 = v_sha256;
        if not found then
            perform deskline.reject('missing_content',
                                    format('the content of "%s" was not put on the server first', v_file ->> 'name'));
        end if;
    end loop;

    -- A public reply on a ticket that came by mail goes back by mail, from the mailbox the
    -- customer last wrote to: the gateway sends what waits here.
    if v_kind = 1 then
        select f.* into v_answered
          from deskline.mail_messages f join deskline.messages mm on mm.id = f.message_id
         where mm.ticket_id = t.id and f.direction = 0
         order by f.message_id desc limit 1;
        if found and v_answered.sender <> '' then
            insert into deskline.mail_messages (message_id, mailbox_id, direction, recipients, delivery, next_attempt_at)
            values (v_message_id, v_answered.mailbox_id, 1, jsonb_build_array(v_answered.sender), 1, v_now);
        end if;
    end if;

    update deskline.tickets
       set updated_at = v_now,
           message_count = message_count + 1,
           first_response_at = case when v_kind = 1 and first_response_at is null then v_at else first_response_at end,
           -- A customer writing back after "solved" means it was not, and after "pending" that the
           -- wait is over; the first public reply opens a new ticket.
           status = case when v_kind = 0 and status in (2, 4) then 1
                         when v_kind = 1 and status = 0 then 1 else status end,
           solved_at = case when v_kind = 0 and status = 4 then null else solved_at end
     where id = t.id;
    return jsonb_build_object('message_id', v_message_id);
end
$$;

revoke all on function deskline.mut_message_add(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('message.add', 'deskline.mut_message_add')
on conflict (name) do update set handler = excluded.handler;
