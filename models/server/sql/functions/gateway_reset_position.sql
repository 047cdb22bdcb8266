-- The IMAP server renumbered the folder (UIDVALIDITY changed): it is read again from the start,
-- and what was taken already is known by its Message-ID.
create or replace function deskline.gateway_reset_position(p_mailbox bigint, p_uid_validity bigint) returns boolean
language sql volatile security definer set search_path = deskline, pg_temp
as $$
    update deskline.mailboxes set uid_validity = p_uid_validity, last_uid = 0
     where id = p_mailbox and uid_validity <> p_uid_validity
    returning true
$$;

revoke all on function deskline.gateway_reset_position(bigint, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_reset_position(bigint, bigint) to deskline_gateway;
