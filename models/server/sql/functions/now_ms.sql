-- Milliseconds since the Unix epoch, the clients' time unit. clock_timestamp() rather than now()
-- so that a long transaction does not stamp everything with its start time.
create or replace function deskline.now_ms() returns bigint
language sql volatile
as $$ select (extract(epoch from clock_timestamp()) * 1000)::bigint $$;

revoke all on function deskline.now_ms()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
