-- A chat's change goes to the desks that see its ticket, and wakes the gateway's poll of it.
create or replace function deskline.log_chat_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_ticket bigint := case when tg_op = 'DELETE' then old.ticket_id else new.ticket_id end;
begin
    insert into deskline.change_log (entity, entity_id, ticket_id) values ('chat', v_ticket, v_ticket);
    perform pg_notify('deskline_chat', v_ticket::text);
    return null;
end
$$;

revoke all on function deskline.log_chat_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
