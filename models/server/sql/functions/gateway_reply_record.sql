-- What came of a reply webhook the gateway posted: sent (2), to be tried again at
-- p_next_attempt_at (1), or failed for good (3), with the receiver's answer for the desks.
create or replace function deskline.gateway_reply_record(p_message bigint, p_delivery int, p_detail text,
                                                         p_next_attempt_at bigint)
returns boolean
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
begin
    if p_delivery not between 1 and 3 then
        raise exception 'delivery must be 1, 2 or 3' using errcode = 'invalid_parameter_value';
    end if;
    update deskline.intake_replies
       set delivery = p_delivery,
           delivery_detail = case when p_delivery = 2 then '' else left(coalesce(p_detail, ''), 200) end,
           attempts = attempts + case when p_delivery = 2 then 0 else 1 end,
           next_attempt_at = case when p_delivery = 1 then p_next_attempt_at end,
           sent_at = case when p_delivery = 2 then deskline.now_ms() else sent_at end
     where message_id = p_message and delivery = 1;
    return found;
end
$$;

revoke all on function deskline.gateway_reply_record(bigint, int, text, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_reply_record(bigint, int, text, bigint) to deskline_gateway;
