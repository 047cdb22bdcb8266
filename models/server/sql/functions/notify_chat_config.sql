-- The FAQ articles or the team's settings changed: the gateway reads the chat page's again.
create or replace function deskline.notify_chat_config() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    perform pg_notify('deskline_chat', 'config');
    return null;
end
$$;

revoke all on function deskline.notify_chat_config()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
