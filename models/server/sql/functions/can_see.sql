create or replace function deskline.can_see(p_team_id bigint, p_restricted boolean) returns boolean
language sql stable security definer set search_path = deskline, pg_temp
as $$
    select coalesce((select deskline.visible_to(me.role, me.team_id, p_team_id, p_restricted)
                       from deskline.current_agent() me), false)
$$;

revoke all on function deskline.can_see(bigint, boolean)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.can_see(bigint, boolean)
    to deskline_agent, deskline_supervisor, deskline_admin;
