-- The agent typed in the composer of a chat's ticket: the visitor's page shows it for a few
-- seconds. A note that waited in an offline desk's outbox is stale by then and changes nothing.
create or replace function deskline.mut_chat_typing(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_at bigint := deskline.arg_int(a, 'at', 0, 9223372036854775807);
    v_now bigint := deskline.now_ms();
    t deskline.tickets;
begin
    select * into t from deskline.tickets where id = v_ticket_id;
    if not found or not deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted) then
        perform deskline.reject('not_found', format('ticket %s does not exist or is not visible to you', v_ticket_id));
    end if;
    if v_now - v_at > 5000 then
        return jsonb_build_object('ticket_id', t.id, 'stale', true);
    end if;
    update deskline.chat_sessions set agent_typing_at = v_now where ticket_id = t.id and ended_at is null;
    return jsonb_build_object('ticket_id', t.id);
end
$$;

revoke all on function deskline.mut_chat_typing(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('chat.typing', 'deskline.mut_chat_typing')
on conflict (name) do update set handler = excluded.handler;
