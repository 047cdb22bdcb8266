-- An agent's reply on a chat's ticket wakes the gateway's long poll of that chat.
create or replace function deskline.notify_chat_reply() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if exists (select 1 from deskline.chat_sessions c where c.ticket_id = new.ticket_id) then
        perform pg_notify('deskline_chat', new.ticket_id::text);
    end if;
    return null;
end
$$;

revoke all on function deskline.notify_chat_reply()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
