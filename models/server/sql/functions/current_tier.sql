-- The ticket's tier before this escalation: the open one below it, else its team's tier.
create or replace function deskline.current_tier(t deskline.tickets) returns smallint
language sql stable
as $$
    select coalesce(nullif(t.escalation_tier, 0)::smallint,
                    (select tier from deskline.teams where id = t.team_id),
                    1::smallint)
$$;

revoke all on function deskline.current_tier(deskline.tickets)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
