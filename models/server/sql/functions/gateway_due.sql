-- The replies waiting to be sent, due now, with what the gateway needs to write each mail: the
-- reply, its files, the ticket, the mailbox, and the customer's last mail (to quote and answer).
create or replace function deskline.gateway_due(p_limit int) returns setof jsonb
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select jsonb_build_object(
               'message_id', f.message_id, 'ticket_id', m.ticket_id, 'mailbox_id', f.mailbox_id,
               'recipients', f.recipients, 'rfc_message_id', f.rfc_message_id, 'attempts', f.attempts,
               'created_at', m.created_at, 'author_name', m.author_name, 'body', m.body,
               'subject', t.subject,
               'files', coalesce((select jsonb_agg(jsonb_build_object('name', a.name, 'mime_type', a.mime_type,
                                                                      'sha256', encode(a.sha256, 'hex')) order by a.id)
                                    from deskline.attachments a where a.message_id = m.id), '[]'::jsonb),
               'answered_raw_sha256', (select encode(r.raw_sha256, 'hex')
                                         from deskline.mail_messages r join deskline.messages rm on rm.id = r.message_id
                                        where rm.ticket_id = m.ticket_id and r.direction = 0 and r.message_id < m.id
                                        order by r.message_id desc limit 1))
      from deskline.mail_messages f
      join deskline.messages m on m.id = f.message_id
      join deskline.tickets t on t.id = m.ticket_id
     where f.delivery = 1 and f.next_attempt_at <= deskline.now_ms()
     order by f.next_attempt_at, f.message_id
     limit greatest(coalesce(p_limit, 0), 0)
$$;

revoke all on function deskline.gateway_due(int)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_due(int) to deskline_gateway;
