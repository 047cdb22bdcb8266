-- session_user, not current_user: inside a security definer function current_user is the owner.
-- No row for a login that is not an active Deskline agent.
-- plpgsql, not sql: a security definer SQL function is never inlined, and PostgreSQL then parses
-- and plans its query on every call (0.3 ms here), while plpgsql keeps the plan for the
-- session. Every view, pull and mutation calls it at least once.
create or replace function deskline.current_agent() returns setof deskline.agents
language plpgsql stable security definer set search_path = deskline, pg_temp
rows 1
as $$
begin
    return query select * from deskline.agents where login = session_user::text and active;
end
$$;

-- The views call it with the caller's privileges.
revoke all on function deskline.current_agent()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.current_agent()
    to deskline_agent, deskline_supervisor, deskline_admin;
