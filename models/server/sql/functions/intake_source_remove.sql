-- A supervisor or administrator removes an intake source: its tickets stay, its requests are
-- refused from then on.
create or replace function deskline.intake_source_remove(p_name text) returns boolean
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
begin
    select * into me from deskline.current_agent();
    if me.id is null or me.role < 1 then
        raise exception 'only supervisors and administrators manage intake sources'
            using errcode = 'insufficient_privilege';
    end if;
    delete from deskline.intake_sources where name = p_name;
    return found;
end
$$;

revoke all on function deskline.intake_source_remove(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.intake_source_remove(text) to deskline_supervisor, deskline_admin;
