create or replace function deskline.schema_version() returns int
language sql stable security definer set search_path = deskline, pg_temp
as $$ select value::int from deskline.meta where key = 'schema_version' $$;

revoke all on function deskline.schema_version()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.schema_version()
    to deskline_agent, deskline_supervisor, deskline_admin;
