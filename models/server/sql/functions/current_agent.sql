-- session_user, not current_user: inside a security definer function current_user is the owner.
-- No row for a login that is not an active Deskline agent.
create or replace function deskline.current_agent() returns setof deskline.agents
language sql stable security definer set search_path = deskline, pg_temp
rows 1
as $$ select * from deskline.agents where login = session_user::text and active $$;

-- The views call it with the caller's privileges.
revoke all on function deskline.current_agent()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.current_agent()
    to deskline_agent, deskline_supervisor, deskline_admin;
