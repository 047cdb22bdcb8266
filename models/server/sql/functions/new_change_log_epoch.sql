-- After a database was restored from a backup: a new epoch, so that every desk, whose copy may
-- hold work the restored database lacks, pushes what it has queued and copies again.
create or replace function deskline.new_change_log_epoch()
returns text
language sql volatile security definer set search_path = deskline, pg_temp
as $$
    insert into deskline.meta (key, value) values ('change_log_epoch', gen_random_uuid()::text)
    on conflict (key) do update set value = excluded.value
    returning value
$$;

revoke all on function deskline.new_change_log_epoch()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.new_change_log_epoch() to deskline_admin;
