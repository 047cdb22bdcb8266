create or replace function deskline.mut_ticket_create(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_client_id uuid := deskline.arg_uuid(a, 'client_id');
    v_subject text := deskline.trimmed(deskline.arg_opt_text(a, 'subject'));
    v_channel smallint := deskline.arg_int(a, 'channel', 0, 4);
    v_category smallint := deskline.arg_int(a, 'category', 0, 5);
    v_priority smallint := deskline.arg_int(a, 'priority', 0, 3);
    v_body text := coalesce(deskline.arg_opt_text(a, 'body'), '');
    v_external_id text := nullif(deskline.trimmed(deskline.arg_opt_text(a, 'external_id')), '');
    v_message_client_id uuid := deskline.arg_opt_uuid(a, 'message_client_id');
    v_customer jsonb := a -> 'customer';
    v_customer_id bigint;
    v_customer_name text;
    v_customer_ext text;
    -- The desk's own time of creation (written offline, sent later), never ahead of the server.
    v_now bigint := least(coalesce(deskline.arg_opt_int(a, 'created_at', 0, 9223372036854775807),
                                   deskline.now_ms()), deskline.now_ms());
    v_ticket_id bigint;
    v_message_id bigint;
    t deskline.tickets;
begin
    -- Sent before under another mutation id: the same ticket.
    select * into t from deskline.tickets where client_id = v_client_id;
    if found then
        return jsonb_build_object('ticket_id', t.id, 'customer_id', t.customer_id,
                                  'message_id', (select min(id) from deskline.messages where ticket_id = t.id));
    end if;

    if v_subject is null or v_subject = '' then
        perform deskline.reject('invalid_args', 'subject must not be empty');
    end if;
    if v_customer is null or jsonb_typeof(v_customer) <> 'object' then
        perform deskline.reject('invalid_args', 'customer must be an object: {id} or {name, ...}');
    end if;
    if v_external_id is not null then
        select * into t from deskline.tickets where external_id = v_external_id;
        if found then
            perform deskline.reject('already_exists', format('ticket %s already exists', v_external_id),
                                    jsonb_build_object('ticket_id', t.id));
        end if;
    end if;

    -- A nested block, so that losing a race on a unique key leaves no half-made customer behind.
    begin
        v_customer_id := deskline.arg_opt_int(v_customer, 'id', 1, 9223372036854775807);
        if v_customer_id is not null then
            select c.name into v_customer_name from deskline.customers c where c.id = v_customer_id;
            if not found then
                perform deskline.reject('not_found', format('customer %s does not exist', v_customer_id));
            end if;
        else
            v_customer_name := deskline.trimmed(deskline.arg_opt_text(v_customer, 'name'));
            if v_customer_name is null or v_customer_name = '' then
                perform deskline.reject('invalid_args', 'customer.name must not be empty');
            end if;
            v_customer_ext := nullif(deskline.trimmed(deskline.arg_opt_text(v_customer, 'external_id')), '');
            insert into deskline.customers (external_id, name, username, email, phone, phone_key, created_at)
            values (v_customer_ext, v_customer_name,
                    coalesce(deskline.trimmed(deskline.arg_opt_text(v_customer, 'username')), ''),
                    coalesce(deskline.trimmed(deskline.arg_opt_text(v_customer, 'email')), ''),
                    coalesce(deskline.trimmed(deskline.arg_opt_text(v_customer, 'phone')), ''),
                    deskline.phone_key(coalesce(deskline.arg_opt_text(v_customer, 'phone'), '')),
                    v_now)
            on conflict (external_id) do nothing
            returning id into v_customer_id;
            if v_customer_id is null then
                -- Known by its external id: that customer, as the server has it.
                select c.id, c.name into v_customer_id, v_customer_name
                  from deskline.customers c where c.external_id = v_customer_ext;
            end if;
        end if;

        insert into deskline.tickets (client_id, external_id, subject, channel, category, priority, status,
                                      customer_id, team_id, created_at, updated_at)
        values (v_client_id, v_external_id, v_subject, v_channel, v_category, v_priority, 0,
                v_customer_id, me.team_id, v_now, v_now)
        returning id into v_ticket_id;

        if deskline.trimmed(v_body) <> '' then
            -- Derived from the ticket's client id unless the desk names it, so the desk can match
            -- the first message it shows locally with the one it pulls.
            insert into deskline.messages (client_id, ticket_id, kind, author_name, body, created_at)
            values (coalesce(v_message_client_id, md5(v_client_id::text || '/first-message')::uuid),
                    v_ticket_id, 0, v_customer_name, v_body, v_now)
            returning id into v_message_id;
            update deskline.tickets set message_count = 1 where id = v_ticket_id;
        end if;
    exception when unique_violation then
        select * into t from deskline.tickets where client_id = v_client_id;
        if found then
            return jsonb_build_object('ticket_id', t.id, 'customer_id', t.customer_id,
                                      'message_id', (select min(id) from deskline.messages where ticket_id = t.id));
        end if;
        select * into t from deskline.tickets where external_id = v_external_id;
        if found then
            perform deskline.reject('already_exists', format('ticket %s already exists', v_external_id),
                                    jsonb_build_object('ticket_id', t.id));
        end if;
        raise;
    end;
    return jsonb_build_object('ticket_id', v_ticket_id, 'customer_id', v_customer_id, 'message_id', v_message_id);
end
$$;

revoke all on function deskline.mut_ticket_create(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
