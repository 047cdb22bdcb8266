create or replace function deskline.log_message_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if tg_op = 'DELETE' then
        insert into deskline.change_log (entity, entity_id, ticket_id) values ('message', old.id, old.ticket_id);
    else
        insert into deskline.change_log (entity, entity_id, ticket_id) values ('message', new.id, new.ticket_id);
    end if;
    return null;
end
$$;

revoke all on function deskline.log_message_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
