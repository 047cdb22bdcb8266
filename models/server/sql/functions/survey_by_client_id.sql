create or replace function deskline.survey_by_client_id(me deskline.agents, a jsonb) returns deskline.surveys
language plpgsql
as $$
declare
    s deskline.surveys;
begin
    select * into s from deskline.surveys where client_id = deskline.arg_uuid(a, 'client_id') for update;
    if not found then
        perform deskline.reject('not_found', 'no such survey');
    end if;
    perform deskline.lock_ticket(me, s.ticket_id);
    return s;
end
$$;

revoke all on function deskline.survey_by_client_id(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
