-- Only a wake-up: listeners pull the change log afterwards. NOTIFY drops duplicates within a
-- transaction, and notifications of a rolled-back sub-block are dropped with it.
create or replace function deskline.notify_changes() returns trigger
language plpgsql
as $$
begin
    perform pg_notify('deskline_changes', '');
    return null;
end
$$;

revoke all on function deskline.notify_changes()
    from public, deskline_agent, deskline_supervisor, deskline_admin;
