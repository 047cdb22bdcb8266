-- A sender held for flooding a mailbox, in the change log for every desk (no ticket): the
-- supervisors' desks read it from v_mail_held and tell their supervisor.
create or replace function deskline.log_mail_held() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if new.reason = 2 then
        insert into deskline.change_log (entity, entity_id) values ('mail_held', new.id);
    end if;
    return null;
end
$$;

revoke all on function deskline.log_mail_held()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
