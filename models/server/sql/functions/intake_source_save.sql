-- A supervisor or administrator adds an intake source (a name taken already is refused). Never
-- its secret: that stays with the gateway, in a file only its user reads.
create or replace function deskline.intake_source_save(p jsonb) returns bigint
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    v_id bigint;
    v_team bigint;
begin
    select * into me from deskline.current_agent();
    if me.id is null or me.role < 1 then
        raise exception 'only supervisors and administrators manage intake sources'
            using errcode = 'insufficient_privilege';
    end if;
    if coalesce(p ->> 'team', '') <> '' then
        select id into v_team from deskline.teams where name = p ->> 'team';
        if v_team is null then
            raise exception 'there is no team "%"', p ->> 'team' using errcode = 'no_data_found';
        end if;
    end if;
    insert into deskline.intake_sources (name, channel, reply_url, requests_per_minute, team_id)
    values (deskline.trimmed(p ->> 'name'), (p ->> 'channel')::smallint, coalesce(p ->> 'reply_url', ''),
            (p ->> 'requests_per_minute')::int, v_team)
    returning id into v_id;
    return v_id;
end
$$;

revoke all on function deskline.intake_source_save(jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.intake_source_save(jsonb) to deskline_supervisor, deskline_admin;
