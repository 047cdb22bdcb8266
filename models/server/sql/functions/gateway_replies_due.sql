-- The replies due to go back to their sources now, taken for this gateway for p_lease_ms (their
-- next try moved to the lease's end, so a second gateway never posts one at the same time), with
-- everything the webhook says: the source, the ticket, the customer, the reply and its files (by
-- SHA-256; the gateway fetches their content).
create or replace function deskline.gateway_replies_due(p_limit int, p_lease_ms bigint) returns jsonb
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    v_now bigint := deskline.now_ms();
    v_due jsonb;
begin
    with taken as (
        select r.message_id
          from deskline.intake_replies r
         where r.delivery = 1 and coalesce(r.next_attempt_at, 0) <= v_now
         order by r.next_attempt_at nulls first, r.message_id
         limit greatest(1, least(p_limit, 500))
           for update skip locked
    ), leased as (
        update deskline.intake_replies r
           set next_attempt_at = v_now + greatest(p_lease_ms, 1000)
          from taken
         where r.message_id = taken.message_id
        returning r.*
    )
    select coalesce(jsonb_agg(jsonb_build_object(
               'message_id', l.message_id, 'ticket_id', m.ticket_id, 'source_id', l.source_id,
               'source', coalesce(s.name, ''), 'reply_url', coalesce(s.reply_url, ''), 'webhook_id', l.webhook_id,
               'external_id', l.external_id, 'attempts', l.attempts, 'author', m.author_name, 'body', m.body,
               'created_at', m.created_at,
               'customer', jsonb_build_object('external_id', coalesce(c.external_id, ''), 'name', c.name,
                                              'email', c.email, 'phone', c.phone, 'username', c.username),
               'attachments', coalesce((select jsonb_agg(jsonb_build_object(
                                                'name', a.name, 'mime_type', a.mime_type, 'size', a.size,
                                                'sha256', encode(a.sha256, 'hex')) order by a.id)
                                          from deskline.attachments a where a.message_id = l.message_id),
                                       '[]'::jsonb))
               order by l.message_id), '[]'::jsonb)
      into v_due
      from leased l
      join deskline.messages m on m.id = l.message_id
      join deskline.tickets t on t.id = m.ticket_id
      join deskline.customers c on c.id = t.customer_id
      left join deskline.intake_sources s on s.id = l.source_id;
    return v_due;
end
$$;

revoke all on function deskline.gateway_replies_due(int, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_replies_due(int, bigint) to deskline_gateway;
