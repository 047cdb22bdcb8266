create or replace function deskline.mut_ticket_restore(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    t deskline.tickets;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may restore tickets');
    end if;
    if t.archived_at is not null then
        update deskline.tickets set archived_at = null, updated_at = deskline.now_ms() where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id);
end
$$;

revoke all on function deskline.mut_ticket_restore(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.restore', 'deskline.mut_ticket_restore')
on conflict (name) do update set handler = excluded.handler;
