create or replace function deskline.mut_ticket_unmerge(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_duplicate_id bigint := deskline.arg_id(a, 'ticket_id');
    v_now bigint := deskline.now_ms();
    duplicate deskline.tickets;
    v_status smallint;
begin
    duplicate := deskline.lock_ticket(me, v_duplicate_id);
    if duplicate.merged_into is null then
        perform deskline.reject('not_merged', format('ticket %s is not merged', duplicate.id));
    end if;
    if duplicate.archived_at is not null then
        perform deskline.reject('archived', 'archived tickets are read-only');
    end if;
    v_status := coalesce(duplicate.status_before_merge, 1);
    update deskline.tickets
       set status = v_status, merged_into = null, status_before_merge = null, closed_at = null,
           solved_at = case when v_status = 4 then solved_at end, updated_at = v_now
     where id = duplicate.id;
    update deskline.tickets set updated_at = v_now where id = duplicate.merged_into;
    return jsonb_build_object('ticket_id', duplicate.id, 'target_ticket_id', duplicate.merged_into,
                              'status', v_status);
end
$$;

revoke all on function deskline.mut_ticket_unmerge(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.unmerge', 'deskline.mut_ticket_unmerge')
on conflict (name) do update set handler = excluded.handler;
