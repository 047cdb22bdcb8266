-- Trigger functions run as the schema owner so that whoever may write a table (today only the
-- owner, through apply_mutation) never needs a privilege on change_log too.
create or replace function deskline.log_row_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_id bigint;
begin
    if tg_op = 'DELETE' then
        v_id := old.id;
    else
        v_id := new.id;
    end if;
    insert into deskline.change_log (entity, entity_id) values (tg_argv[0], v_id);
    return null;
end
$$;

revoke all on function deskline.log_row_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
