create or replace function deskline.log_ticket_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if tg_op = 'DELETE' then
        insert into deskline.change_log (entity, entity_id, ticket_id) values ('ticket', old.id, old.id);
    elsif tg_op = 'UPDATE' and new.restricted
          and (not old.restricted or old.team_id is distinct from new.team_id) then
        insert into deskline.change_log (entity, entity_id, ticket_id, was_team_id, was_restricted)
        values ('ticket', new.id, new.id, old.team_id, old.restricted);
    else
        insert into deskline.change_log (entity, entity_id, ticket_id) values ('ticket', new.id, new.id);
    end if;
    return null;
end
$$;

revoke all on function deskline.log_ticket_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
