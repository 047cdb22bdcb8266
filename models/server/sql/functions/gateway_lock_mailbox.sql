-- Exactly one fetcher per mailbox: a session-level advisory lock, held by the gateway's
-- connection while it reads the mailbox and let go when that connection ends (a gateway killed
-- lets go with it). False when another gateway holds it.
create or replace function deskline.gateway_lock_mailbox(p_mailbox bigint) returns boolean
language sql volatile security definer set search_path = deskline, pg_temp
as $$ select pg_try_advisory_lock(8925, p_mailbox::int) $$;

revoke all on function deskline.gateway_lock_mailbox(bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_lock_mailbox(bigint) to deskline_gateway;
