-- Removes change-log rows older than the retention (meta 'change_log_retention_days'; p_days
-- overrides it) that every desk can already have seen (below the horizon), in batches, and
-- raises the floor to the newest position removed: a desk whose cursor is below the floor
-- copies again. Called by `deskctl server prune` and hourly by the gateway service. Returns
-- the number of rows removed.
create or replace function deskline.prune_change_log(p_days int default null)
returns bigint
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    v_days int := coalesce(p_days, (select value::int from deskline.meta where key = 'change_log_retention_days'), 30);
    v_cutoff timestamptz;
    v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    v_removed bigint := 0;
    v_batch bigint;
    v_last_xid xid8;
    v_last_seq bigint;
    v_floor text;
begin
    if v_days < 1 then
        raise exception 'the change log is kept at least one day, not %', v_days
            using errcode = 'invalid_parameter_value';
    end if;
    v_cutoff := now() - make_interval(days => v_days);
    -- One pruner at a time: two would race on the floor.
    perform pg_advisory_xact_lock(8925, -1);
    loop
        v_last_xid := null;
        select b.xid, b.seq into v_last_xid, v_last_seq
          from (select c.xid, c.seq
                  from deskline.change_log c
                 where c.at < v_cutoff and c.xid < v_horizon
                 order by c.xid, c.seq
                 limit 10000) b
         order by b.xid desc, b.seq desc
         limit 1;
        exit when v_last_xid is null;
        delete from deskline.change_log c
         where (c.xid, c.seq) <= (v_last_xid, v_last_seq) and c.at < v_cutoff and c.xid < v_horizon;
        get diagnostics v_batch = row_count;
        v_removed := v_removed + v_batch;
        v_floor := coalesce((select value from deskline.meta where key = 'change_log_floor'), '0:0');
        if (v_last_xid, v_last_seq) > (split_part(v_floor, ':', 1)::xid8, split_part(v_floor, ':', 2)::bigint) then
            insert into deskline.meta (key, value) values ('change_log_floor', v_last_xid::text || ':' || v_last_seq)
            on conflict (key) do update set value = excluded.value;
        end if;
    end loop;
    return v_removed;
end
$$;

revoke all on function deskline.prune_change_log(int)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.prune_change_log(int) to deskline_admin, deskline_gateway;
