create or replace function deskline.set_presence(p_ticket_id bigint, p_typing boolean) returns void
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    v_before deskline.presence;
begin
    select * into me from deskline.current_agent();
    if me.id is null then
        raise exception 'login % is not an active Deskline agent', session_user;
    end if;
    if p_ticket_id is not null and not exists (
            select 1 from deskline.tickets t
             where t.id = p_ticket_id and deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted)) then
        p_ticket_id := null;
    end if;
    select * into v_before from deskline.presence where agent_id = me.id;
    insert into deskline.presence (agent_id, ticket_id, typing, seen_at)
    values (me.id, p_ticket_id, coalesce(p_typing, false), now())
    on conflict (agent_id) do update
        set ticket_id = excluded.ticket_id, typing = excluded.typing, seen_at = excluded.seen_at;
    -- Only a change is news; a heartbeat is not.
    if v_before.agent_id is null or v_before.ticket_id is distinct from p_ticket_id
       or v_before.typing is distinct from coalesce(p_typing, false) then
        perform pg_notify('deskline_presence', coalesce(p_ticket_id, v_before.ticket_id, 0)::text);
    end if;
end
$$;

create or replace function deskline.set_presence(p_ticket_id bigint, p_typing boolean, p_away boolean) returns void
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    perform deskline.set_presence(p_ticket_id, p_typing);
    update deskline.presence set away = coalesce(p_away, false)
     where agent_id = (select id from deskline.current_agent()) and away is distinct from coalesce(p_away, false);
    if found then
        perform pg_notify('deskline_presence', '0');
    end if;
end
$$;

revoke all on function deskline.set_presence(bigint, boolean)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.set_presence(bigint, boolean)
    to deskline_agent, deskline_supervisor, deskline_admin;
revoke all on function deskline.set_presence(bigint, boolean, boolean)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.set_presence(bigint, boolean, boolean)
    to deskline_agent, deskline_supervisor, deskline_admin;
