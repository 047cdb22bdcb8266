-- The mailboxes the gateway reads and sends from, with how far each was read.
create or replace function deskline.gateway_mailboxes() returns setof deskline.mailboxes
language sql stable security definer set search_path = deskline, pg_temp
as $$ select * from deskline.mailboxes order by id $$;

revoke all on function deskline.gateway_mailboxes()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_mailboxes() to deskline_gateway;
