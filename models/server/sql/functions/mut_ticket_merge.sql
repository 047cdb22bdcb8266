create or replace function deskline.mut_ticket_merge(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_duplicate_id bigint := deskline.arg_id(a, 'ticket_id');
    v_target_id bigint := deskline.arg_id(a, 'target_ticket_id');
    v_now bigint := deskline.now_ms();
    duplicate deskline.tickets;
    target deskline.tickets;
begin
    if v_duplicate_id = v_target_id then
        perform deskline.reject('invalid_args', 'a ticket cannot be merged into itself');
    end if;
    -- Locked in id order: two desks merging the same pair opposite ways cannot deadlock.
    if v_duplicate_id < v_target_id then
        duplicate := deskline.lock_ticket(me, v_duplicate_id);
        target := deskline.lock_ticket(me, v_target_id);
    else
        target := deskline.lock_ticket(me, v_target_id);
        duplicate := deskline.lock_ticket(me, v_duplicate_id);
    end if;
    if duplicate.archived_at is not null or target.archived_at is not null then
        perform deskline.reject('archived', 'archived tickets are read-only');
    end if;
    if duplicate.merged_into is not null then
        perform deskline.reject('already_merged', format('ticket %s is already merged into %s',
                                                         duplicate.id, duplicate.merged_into));
    end if;
    if duplicate.status = 5 then
        perform deskline.reject('invalid_status', format('ticket %s is closed', duplicate.id));
    end if;
    if target.merged_into is not null then
        perform deskline.reject('invalid_target', format('ticket %s was itself merged into %s',
                                                         target.id, target.merged_into));
    end if;
    if target.status = 5 then
        perform deskline.reject('invalid_status', format('ticket %s is closed', target.id));
    end if;
    update deskline.tickets
       set merged_into = target.id, status_before_merge = duplicate.status, status = 5,
           solved_at = coalesce(solved_at, v_now), closed_at = v_now, updated_at = v_now
     where id = duplicate.id;
    update deskline.tickets set updated_at = v_now where id = target.id;
    return jsonb_build_object('ticket_id', duplicate.id, 'target_ticket_id', target.id,
                              'previous_status', duplicate.status);
end
$$;

revoke all on function deskline.mut_ticket_merge(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.merge', 'deskline.mut_ticket_merge')
on conflict (name) do update set handler = excluded.handler;
