-- Deskline shared schema, step 8: merging duplicate tickets, and undoing it.
-- The duplicate is closed and points at the ticket the case goes on in; its messages stay where
-- they are (desks show both threads together), so an undo only gives back the status it had.

alter table deskline.tickets
    add column merged_into bigint references deskline.tickets on delete set null,
    add column status_before_merge smallint;
create index tickets_by_merged_into on deskline.tickets (merged_into) where merged_into is not null;

create or replace view deskline.v_tickets with (security_barrier) as
select t.id, t.client_id, t.external_id, t.subject, t.channel, t.category, t.priority, t.status,
       t.customer_id, t.assignee_id, t.team_id, t.restricted, t.created_at, t.updated_at,
       t.first_response_at, t.solved_at, t.closed_at, t.archived_at, t.message_count,
       t.priority_set_by, t.category_set_by, t.version,
       coalesce((select array_agg(g.tag order by g.tag)
                   from deskline.ticket_tags g
                  where g.ticket_id = t.id), '{}') as tags,
       (select a.name from deskline.agents a where a.id = t.assignee_id) as assignee_name,
       (select c.name from deskline.customers c where c.id = t.customer_id) as customer_name,
       t.escalation_tier, t.follow_up_of, t.merged_into, t.status_before_merge
  from deskline.tickets t
 where deskline.visible_to((select me.role from deskline.current_agent() me),
                           (select me.team_id from deskline.current_agent() me),
                           t.team_id, t.restricted)
 order by t.id;

create function deskline.mut_ticket_merge(me deskline.agents, a jsonb) returns jsonb
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

create function deskline.mut_ticket_unmerge(me deskline.agents, a jsonb) returns jsonb
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

insert into deskline.mutation_handlers (name, handler) values
    ('ticket.merge', 'deskline.mut_ticket_merge'),
    ('ticket.unmerge', 'deskline.mut_ticket_unmerge');

revoke all on function deskline.mut_ticket_merge(deskline.agents, jsonb),
                       deskline.mut_ticket_unmerge(deskline.agents, jsonb) from public;
