-- Tags are part of the ticket row the desks see, so a tag change is an update of its ticket: the
-- version goes up (and the ticket's own trigger logs it) or the desk's version guard would skip
-- the re-read and miss the tag.
create or replace function deskline.touch_tagged_ticket() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if tg_op in ('DELETE', 'UPDATE') then
        update deskline.tickets set version = version where id = old.ticket_id;
    end if;
    if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.ticket_id <> old.ticket_id) then
        update deskline.tickets set version = version where id = new.ticket_id;
    end if;
    return null;
end
$$;

revoke all on function deskline.touch_tagged_ticket()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
