create or replace function deskline.mut_ticket_remove_tag(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_tag text := deskline.tag_arg(a);
    t deskline.tickets;
    v_changed boolean;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    delete from deskline.ticket_tags where ticket_id = t.id and tag = v_tag;
    v_changed := found;
    if v_changed then
        update deskline.tickets set updated_at = deskline.now_ms() where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'tag', v_tag, 'changed', v_changed);
end
$$;

revoke all on function deskline.mut_ticket_remove_tag(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.remove_tag', 'deskline.mut_ticket_remove_tag')
on conflict (name) do update set handler = excluded.handler;
