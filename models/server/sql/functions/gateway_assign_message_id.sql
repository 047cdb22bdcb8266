-- A reply's Message-ID, fixed before its first try so that every retry is the very same mail.
-- Answers the id the reply has (an earlier try's, if one was fixed already).
create or replace function deskline.gateway_assign_message_id(p_message bigint, p_rfc_message_id text) returns text
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    v_id text;
begin
    update deskline.mail_messages set rfc_message_id = coalesce(rfc_message_id, p_rfc_message_id)
     where message_id = p_message and direction = 1
    returning rfc_message_id into v_id;
    return v_id;
end
$$;

revoke all on function deskline.gateway_assign_message_id(bigint, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_assign_message_id(bigint, text) to deskline_gateway;
