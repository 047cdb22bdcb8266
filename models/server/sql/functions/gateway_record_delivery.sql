-- What became of a reply the gateway tried to send: p_delivery 2 sent, 3 failed for good, or 1
-- to try again at p_next_attempt_at. The thread on every desk shows it. Only a reply still
-- waiting is changed, so a late answer never undoes a bounce.
create or replace function deskline.gateway_record_delivery(p_message bigint, p_delivery int, p_detail text,
                                                           p_next_attempt_at bigint) returns boolean
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
begin
    if p_delivery not in (1, 2, 3) then
        raise exception 'delivery must be 1, 2 or 3' using errcode = 'invalid_parameter_value';
    end if;
    update deskline.mail_messages
       set delivery = p_delivery, delivery_detail = coalesce(p_detail, ''),
           next_attempt_at = case when p_delivery = 1 then p_next_attempt_at end,
           sent_at = case when p_delivery = 2 then deskline.now_ms() else sent_at end,
           attempts = attempts + case when p_delivery = 2 then 0 else 1 end
     where message_id = p_message and direction = 1 and delivery = 1;
    return found;
end
$$;

revoke all on function deskline.gateway_record_delivery(bigint, int, text, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_record_delivery(bigint, int, text, bigint) to deskline_gateway;
