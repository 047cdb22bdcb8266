-- How many days the change log keeps its rows (prune_change_log); administrators set it.
create or replace function deskline.set_change_log_retention(p_days int)
returns void
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
begin
    if coalesce(p_days, 0) < 1 then
        raise exception 'the change log is kept at least one day, not %', p_days
            using errcode = 'invalid_parameter_value';
    end if;
    insert into deskline.meta (key, value) values ('change_log_retention_days', p_days::text)
    on conflict (key) do update set value = excluded.value;
end
$$;

revoke all on function deskline.set_change_log_retention(int)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.set_change_log_retention(int) to deskline_admin;
