-- Lets go of gateway_lock_mailbox's lock, so that another gateway can take the mailbox over.
create or replace function deskline.gateway_unlock_mailbox(p_mailbox bigint) returns boolean
language sql volatile security definer set search_path = deskline, pg_temp
as $$ select pg_advisory_unlock(8925, p_mailbox::int) $$;

revoke all on function deskline.gateway_unlock_mailbox(bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_unlock_mailbox(bigint) to deskline_gateway;
