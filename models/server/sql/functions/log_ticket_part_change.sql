-- Rows that belong to a ticket: logged with it, so the ticket's visibility decides who pulls them.
create or replace function deskline.log_ticket_part_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if tg_op = 'DELETE' then
        insert into deskline.change_log (entity, entity_id, ticket_id) values (tg_argv[0], old.id, old.ticket_id);
    else
        insert into deskline.change_log (entity, entity_id, ticket_id) values (tg_argv[0], new.id, new.ticket_id);
    end if;
    return null;
end
$$;

revoke all on function deskline.log_ticket_part_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
