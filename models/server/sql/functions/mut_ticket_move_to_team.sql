create or replace function deskline.mut_ticket_move_to_team(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    t deskline.tickets := deskline.lock_ticket(me, deskline.arg_id(a, 'ticket_id'));
    v_team_id bigint := deskline.arg_id(a, 'team_id');
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only a supervisor or an administrator may move tickets between teams');
    end if;
    if not exists (select from deskline.teams where id = v_team_id) then
        perform deskline.reject('not_found', format('team %s does not exist', v_team_id));
    end if;
    if t.status >= 4 then
        perform deskline.reject('invalid_transition', 'a solved or closed ticket stays where it was solved');
    end if;
    if t.team_id is distinct from v_team_id or t.assignee_id is not null then
        update deskline.tickets
           set team_id = v_team_id, assignee_id = null, updated_at = deskline.now_ms()
         where id = t.id;
    end if;
    return jsonb_build_object('ticket_id', t.id, 'team_id', v_team_id);
end
$$;

revoke all on function deskline.mut_ticket_move_to_team(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.move_to_team', 'deskline.mut_ticket_move_to_team')
on conflict (name) do update set handler = excluded.handler;
