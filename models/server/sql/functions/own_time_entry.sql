-- An agent changes their own entries; a supervisor anyone's.
create or replace function deskline.own_time_entry(me deskline.agents, a jsonb) returns deskline.time_entries
language plpgsql
as $$
declare
    e deskline.time_entries;
begin
    select * into e from deskline.time_entries where client_id = deskline.arg_uuid(a, 'client_id') for update;
    if not found then
        perform deskline.reject('not_found', 'no such time entry');
    end if;
    perform deskline.lock_ticket(me, e.ticket_id);
    if e.agent_id is distinct from me.id and me.role < 1 then
        perform deskline.reject('not_allowed', 'only its agent or a supervisor changes a time entry');
    end if;
    return e;
end
$$;

revoke all on function deskline.own_time_entry(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
