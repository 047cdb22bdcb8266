-- An agent's public reply on a ticket that came from an intake source with a reply URL waits to
-- go back to it as a signed webhook (the gateway's ReplyWebhookSender), under a webhook-id fixed
-- now so that every try is the same webhook. Notes never leave the team.
create or replace function deskline.queue_intake_reply() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_source bigint;
    v_external text;
begin
    if new.kind <> 1 then
        return null;
    end if;
    select r.source_id, r.external_id into v_source, v_external
      from deskline.intake_requests r
      join deskline.intake_sources s on s.id = r.source_id
     where r.ticket_id = new.ticket_id and s.reply_url <> ''
     order by r.id desc limit 1;
    if v_source is null then
        return null;
    end if;
    insert into deskline.intake_replies (message_id, source_id, webhook_id, external_id, delivery, next_attempt_at)
    values (new.id, v_source, 'msg_' || replace(gen_random_uuid()::text, '-', ''), coalesce(v_external, ''), 1,
            deskline.now_ms());
    return null;
end
$$;

revoke all on function deskline.queue_intake_reply()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
