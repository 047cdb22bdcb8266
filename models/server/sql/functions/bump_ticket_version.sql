create or replace function deskline.bump_ticket_version() returns trigger
language plpgsql
as $$
begin
    new.version := old.version + 1;
    return new;
end
$$;

revoke all on function deskline.bump_ticket_version()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
