create or replace function deskline.mut_ticket_archive(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_now bigint := deskline.now_ms();
    t deskline.tickets;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may archive tickets');
    end if;
    if t.archived_at is null then
        update deskline.tickets set archived_at = v_now, updated_at = v_now where id = t.id;
        t.archived_at := v_now;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'archived_at', t.archived_at);
end
$$;

revoke all on function deskline.mut_ticket_archive(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.archive', 'deskline.mut_ticket_archive')
on conflict (name) do update set handler = excluded.handler;
