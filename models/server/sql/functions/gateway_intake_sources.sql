-- The sources whose signed requests the gateway takes.
create or replace function deskline.gateway_intake_sources() returns setof deskline.intake_sources
language sql stable security definer set search_path = deskline, pg_temp
as $$ select * from deskline.intake_sources order by id $$;

revoke all on function deskline.gateway_intake_sources()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.gateway_intake_sources() to deskline_gateway;
