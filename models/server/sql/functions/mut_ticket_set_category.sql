create or replace function deskline.mut_ticket_set_category(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_category smallint := deskline.arg_int(a, 'category', 0, 5);
    t deskline.tickets;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.category <> v_category or t.category_set_by is distinct from me.id then
        update deskline.tickets
           set category = v_category, category_set_by = me.id, updated_at = deskline.now_ms()
         where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'category', v_category,
                              'previous', t.category, 'previous_set_by', t.category_set_by);
end
$$;

revoke all on function deskline.mut_ticket_set_category(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.set_category', 'deskline.mut_ticket_set_category')
on conflict (name) do update set handler = excluded.handler;
