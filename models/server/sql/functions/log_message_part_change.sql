create or replace function deskline.log_message_part_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_row jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
begin
    -- Mail facts and reply webhooks are keyed by their message; a message gone too (a ticket
    -- purged) logs nothing here, its own row tells the desks.
    insert into deskline.change_log (entity, entity_id, ticket_id)
    select tg_argv[0],
           (v_row ->> case when tg_argv[0] in ('mail_message', 'intake_reply') then 'message_id' else 'id' end)::bigint,
           m.ticket_id
      from deskline.messages m where m.id = (v_row ->> 'message_id')::bigint;
    return null;
end
$$;

revoke all on function deskline.log_message_part_change()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
