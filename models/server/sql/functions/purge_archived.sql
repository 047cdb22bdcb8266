create or replace function deskline.purge_archived(p_ids bigint[], p_archived_before bigint, p_export text) returns int
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    v_count int;
begin
    select * into me from deskline.current_agent();
    if me.id is null or me.role < 1 then
        raise exception 'only a supervisor or an administrator may purge tickets'
            using errcode = 'insufficient_privilege';
    end if;
    if coalesce(p_export, '') = '' then
        raise exception 'name the export the tickets were written to' using errcode = 'invalid_parameter_value';
    end if;
    -- Only what is still archived, old enough and visible: a ticket restored since the export stays.
    delete from deskline.tickets t
     where t.id = any(p_ids)
       and t.archived_at is not null and t.archived_at < p_archived_before
       and deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted);
    get diagnostics v_count = row_count;
    insert into deskline.purges (agent_id, archived_before, tickets, export)
    values (me.id, p_archived_before, v_count, p_export);
    return v_count;
end
$$;

revoke all on function deskline.purge_archived(bigint[], bigint, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.purge_archived(bigint[], bigint, text)
    to deskline_supervisor, deskline_admin;
