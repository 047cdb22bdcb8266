create or replace function deskline.whoami()
returns table (agent_id bigint, login text, name text, team_id bigint, role smallint)
language sql stable security definer set search_path = deskline, pg_temp
as $$ select a.id, a.login, a.name, a.team_id, a.role from deskline.current_agent() a $$;

revoke all on function deskline.whoami()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.whoami()
    to deskline_agent, deskline_supervisor, deskline_admin;
