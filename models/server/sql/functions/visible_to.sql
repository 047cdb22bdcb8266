-- The visibility rule itself, pure and written with each parameter once so that the planner
-- inlines it into the views (a security definer function never is). A null role (no such agent)
-- sees nothing; supervisors and admins see everything; an agent sees unrestricted tickets and
-- those of their own team.
create or replace function deskline.visible_to(p_role smallint, p_my_team bigint, p_team bigint, p_restricted boolean)
returns boolean
language sql immutable parallel safe
as $$
    select coalesce(p_role >= case when p_restricted and not coalesce(p_team = p_my_team, false) then 1 else 0 end,
                    false)
$$;

-- The views call it with the caller's privileges.
revoke all on function deskline.visible_to(smallint, bigint, bigint, boolean)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.visible_to(smallint, bigint, bigint, boolean)
    to deskline_agent, deskline_supervisor, deskline_admin;
