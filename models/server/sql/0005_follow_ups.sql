-- Deskline shared schema, step 5: a follow-up ticket points back to the closed ticket it continues.

alter table deskline.tickets add column follow_up_of bigint references deskline.tickets on delete set null;
create index tickets_by_follow_up_of on deskline.tickets (follow_up_of) where follow_up_of is not null;

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
       t.escalation_tier, t.follow_up_of
  from deskline.tickets t
 where deskline.visible_to((select me.role from deskline.current_agent() me),
                           (select me.team_id from deskline.current_agent() me),
                           t.team_id, t.restricted)
 order by t.id;

-- Sent after the follow-up's ticket.create, which the server numbers: the desk names the new
-- ticket by its client id, the closed one by its id.
create function deskline.mut_ticket_link_follow_up(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_closed_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_uuid(a, 'follow_up_client_id');
    closed deskline.tickets;
    next deskline.tickets;
begin
    closed := deskline.lock_ticket(me, v_closed_id);
    if closed.status <> 5 then
        perform deskline.reject('invalid_status', format('ticket %s is not closed', closed.id));
    end if;
    select * into next from deskline.tickets where client_id = v_client_id for update;
    if not found or not deskline.visible_to(me.role, me.team_id, next.team_id, next.restricted) then
        perform deskline.reject('not_found', 'the follow-up ticket does not exist or is not visible to you');
    end if;
    if next.id = closed.id then
        perform deskline.reject('invalid_args', 'a ticket cannot follow up itself');
    end if;
    update deskline.tickets set follow_up_of = closed.id, updated_at = deskline.now_ms() where id = next.id;
    return jsonb_build_object('ticket_id', next.id, 'follow_up_of', closed.id);
end
$$;

insert into deskline.mutation_handlers (name, handler) values
    ('ticket.link_follow_up', 'deskline.mut_ticket_link_follow_up');

revoke all on function deskline.mut_ticket_link_follow_up(deskline.agents, jsonb) from public;
