-- Deskline shared schema, step 2: escalations, and mutations looked up by name.
--
-- From this step on apply_mutation finds each mutation's function in deskline.mutation_handlers,
-- so a later step adds a mutation with one insert instead of rewriting apply_mutation.

-- ---- mutations by name --------------------------------------------------------------------------

create table deskline.mutation_handlers (
    name    text primary key,
    handler regproc not null -- takes (me deskline.agents, args jsonb), returns jsonb
);

insert into deskline.mutation_handlers (name, handler) values
    ('ticket.claim', 'deskline.mut_ticket_claim'),
    ('ticket.assign', 'deskline.mut_ticket_assign'),
    ('ticket.set_status', 'deskline.mut_ticket_set_status'),
    ('ticket.set_priority', 'deskline.mut_ticket_set_priority'),
    ('ticket.set_category', 'deskline.mut_ticket_set_category'),
    ('ticket.add_tag', 'deskline.mut_ticket_add_tag'),
    ('ticket.remove_tag', 'deskline.mut_ticket_remove_tag'),
    ('message.add', 'deskline.mut_message_add'),
    ('ticket.create', 'deskline.mut_ticket_create'),
    ('ticket.archive', 'deskline.mut_ticket_archive');

create or replace function deskline.apply_mutation(p_id uuid, p_name text, p_args jsonb) returns jsonb
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    m deskline.mutations;
    v_handler regproc;
    v_result jsonb;
    v_reason text;
    v_detail text;
    v_hint text;
    v_state text;
begin
    select * into me from deskline.current_agent();
    if me.id is null then
        raise exception 'login "%" is not an active Deskline agent', session_user
            using errcode = 'insufficient_privilege';
    end if;
    if p_id is null then
        raise exception 'mutation id must not be null' using errcode = 'null_value_not_allowed';
    end if;

    select * into m from deskline.mutations where id = p_id;
    if found then
        if m.agent_id is distinct from me.id then
            return jsonb_build_object('status', 'rejected', 'reason', 'mutation_id_in_use',
                                      'detail', 'this mutation id was used by another agent', 'result', '{}'::jsonb);
        end if;
        return deskline.mutation_outcome(m);
    end if;

    begin
        select handler into v_handler from deskline.mutation_handlers where name = p_name;
        if v_handler is null then
            perform deskline.reject('unknown_mutation', format('unknown mutation %s', coalesce(p_name, '(null)')));
        end if;
        if p_args is null or jsonb_typeof(p_args) <> 'object' then
            perform deskline.reject('invalid_args', 'args must be a JSON object');
        end if;

        -- The handler's name comes from the table above, never from the caller.
        execute format('select %s($1, $2)', v_handler) into v_result using me, p_args;

        -- Recorded inside the sub-block: if a concurrent call with the same id got here first,
        -- ours must not stay applied, so the conflict unwinds our writes too.
        insert into deskline.mutations (id, agent_id, name, args, status, result)
        values (p_id, me.id, p_name, p_args, 'applied', coalesce(v_result, '{}'))
        on conflict (id) do nothing
        returning * into m;
        if not found then
            raise exception using errcode = 'DL002', message = 'mutation id recorded concurrently';
        end if;
        return deskline.mutation_outcome(m);
    exception
        when sqlstate 'DL001' then
            get stacked diagnostics v_reason = message_text, v_detail = pg_exception_detail, v_hint = pg_exception_hint;
            v_result := v_hint::jsonb;
        when sqlstate 'DL002' then
            select * into m from deskline.mutations where id = p_id;
            return deskline.mutation_outcome(m);
        when others then
            get stacked diagnostics v_state = returned_sqlstate, v_detail = message_text;
            -- Transient: let the desk retry the same id later instead of losing the mutation.
            if left(v_state, 2) in ('08', '40', '53', '55', '57', '58', 'XX') then
                raise;
            end if;
            -- Bad values that slipped past the argument checks; anything else is a server bug,
            -- recorded so it does not block the queue forever.
            v_reason := case when left(v_state, 2) in ('22', '23') then 'invalid_args' else 'internal_error' end;
            v_result := '{}';
    end;

    insert into deskline.mutations (id, agent_id, name, args, status, reason, detail, result)
    values (p_id, me.id, coalesce(p_name, ''), coalesce(p_args, 'null'::jsonb), 'rejected', v_reason, v_detail, v_result)
    on conflict (id) do nothing
    returning * into m;
    if not found then
        select * into m from deskline.mutations where id = p_id;
    end if;
    return deskline.mutation_outcome(m);
end
$$;

-- ---- escalations --------------------------------------------------------------------------------

-- The tier an open escalation put the ticket at (0: none), for lists and reports.
alter table deskline.tickets add column escalation_tier smallint not null default 0
    check (escalation_tier between 0 and 3);

create table deskline.escalations (
    id             bigint generated by default as identity primary key,
    client_id      uuid unique, -- the escalating desk's id, so its own row comes back to it
    ticket_id      bigint not null references deskline.tickets on delete cascade,
    kind           smallint not null check (kind between 0 and 1), -- functional, hierarchical
    to_tier        smallint not null check (to_tier between 1 and 3),
    from_agent_id  bigint references deskline.agents,
    from_team_id   bigint references deskline.teams,
    to_team_id     bigint references deskline.teams,
    to_agent_id    bigint references deskline.agents,
    reason         text not null check (reason <> ''),
    summary        text not null default '',
    facts          jsonb not null default '[]' check (jsonb_typeof(facts) = 'array'),
    urgency        smallint not null check (urgency between 0 and 3),
    created_at     bigint not null default deskline.now_ms(),
    handed_back_at bigint,
    handed_back_by bigint references deskline.agents,
    hand_back_note text not null default ''
);
create index escalations_by_ticket on deskline.escalations (ticket_id, id);

-- Rows that belong to a ticket: logged with it, so the ticket's visibility decides who pulls them.
create function deskline.log_ticket_part_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if tg_op = 'DELETE' then
        insert into deskline.change_log (entity, entity_id, ticket_id) values (tg_argv[0], old.id, old.ticket_id);
    else
        insert into deskline.change_log (entity, entity_id, ticket_id) values (tg_argv[0], new.id, new.ticket_id);
    end if;
    return null;
end
$$;
revoke all on function deskline.log_ticket_part_change() from public;

create trigger escalations_log after insert or update or delete on deskline.escalations
    for each row execute function deskline.log_ticket_part_change('escalation');

-- Columns can only be added at the end of a view that is replaced.
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
       t.escalation_tier
  from deskline.tickets t
 where deskline.visible_to((select me.role from deskline.current_agent() me),
                           (select me.team_id from deskline.current_agent() me),
                           t.team_id, t.restricted)
 order by t.id;

create view deskline.v_escalations with (security_barrier) as
select e.id, e.client_id, e.ticket_id, e.kind, e.to_tier, e.from_agent_id, e.from_team_id, e.to_team_id,
       e.to_agent_id, e.reason, e.summary, e.facts, e.urgency, e.created_at, e.handed_back_at, e.hand_back_note
  from deskline.escalations e
 where coalesce((select deskline.visible_to((select me.role from deskline.current_agent() me),
                                            (select me.team_id from deskline.current_agent() me),
                                            t.team_id, t.restricted)
                   from deskline.tickets t
                  where t.id = e.ticket_id), false)
 order by e.id;

-- The ticket's tier before this escalation: the open one below it, else its team's tier.
create function deskline.current_tier(t deskline.tickets) returns smallint
language sql stable
as $$
    select coalesce(nullif(t.escalation_tier, 0)::smallint,
                    (select tier from deskline.teams where id = t.team_id),
                    1::smallint)
$$;

create function deskline.mut_ticket_escalate(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_client_id uuid := deskline.arg_opt_uuid(a, 'client_id');
    v_kind smallint := deskline.arg_int(a, 'kind', 0, 1);
    v_to_team bigint := deskline.arg_opt_int(a, 'to_team_id', 1, 9223372036854775807);
    v_to_agent bigint := deskline.arg_opt_int(a, 'to_agent_id', 1, 9223372036854775807);
    v_reason text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'reason')), '');
    v_summary text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'summary')), '');
    v_urgency smallint := deskline.arg_int(a, 'urgency', 0, 3);
    v_facts jsonb := coalesce(a -> 'facts', '[]');
    v_tier smallint;
    v_team deskline.teams;
    v_agent deskline.agents;
    t deskline.tickets;
    e deskline.escalations;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if t.status in (4, 5) then
        perform deskline.reject('invalid_status', format('ticket %s is solved or closed; reopen it first', t.id));
    end if;
    if v_reason = '' then
        perform deskline.reject('invalid_args', 'an escalation needs a reason');
    end if;
    if jsonb_typeof(v_facts) <> 'array' then
        perform deskline.reject('invalid_args', 'facts must be an array');
    end if;
    if v_to_agent is not null then
        select * into v_agent from deskline.agents where id = v_to_agent and active;
        if not found then
            perform deskline.reject('invalid_args', format('agent %s does not exist', v_to_agent));
        end if;
    end if;
    if v_kind = 1 then
        -- Hierarchical: to a supervisor or manager, at their team's tier (never below the ticket's).
        if v_agent.id is null or v_agent.role < 1 then
            perform deskline.reject('invalid_args', 'a hierarchical escalation goes to a supervisor or an administrator');
        end if;
        v_to_team := v_agent.team_id;
        select * into v_team from deskline.teams where id = v_to_team;
        v_tier := greatest(coalesce(v_team.tier, 3), deskline.current_tier(t));
    else
        select * into v_team from deskline.teams where id = v_to_team;
        if not found then
            perform deskline.reject('invalid_args', 'a functional escalation goes to a team');
        end if;
        if v_team.tier <= deskline.current_tier(t) then
            perform deskline.reject('invalid_args', format('team %s is not above the ticket''s tier L%s',
                                                           v_team.name, deskline.current_tier(t)));
        end if;
        if v_agent.id is not null and v_agent.team_id is distinct from v_team.id then
            perform deskline.reject('invalid_args', format('%s is not in %s', v_agent.name, v_team.name));
        end if;
        v_tier := v_team.tier;
    end if;

    insert into deskline.escalations (client_id, ticket_id, kind, to_tier, from_agent_id, from_team_id, to_team_id,
                                      to_agent_id, reason, summary, facts, urgency)
    values (v_client_id, t.id, v_kind, v_tier, me.id, t.team_id, v_to_team, v_to_agent, v_reason, v_summary,
            v_facts, v_urgency)
    returning * into e;
    update deskline.tickets
       set team_id = v_to_team, assignee_id = v_to_agent, escalation_tier = v_tier,
           priority = greatest(priority, v_urgency), status = case when status = 0 then 1 else status end,
           updated_at = deskline.now_ms()
     where id = t.id;
    return jsonb_build_object('ticket_id', t.id, 'escalation_id', e.id, 'to_tier', v_tier);
end
$$;

create function deskline.mut_ticket_hand_back(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_ticket_id bigint := deskline.arg_id(a, 'ticket_id');
    v_note text := coalesce(deskline.trimmed(deskline.arg_opt_text(a, 'note')), '');
    t deskline.tickets;
    e deskline.escalations;
begin
    t := deskline.lock_ticket(me, v_ticket_id);
    if v_note = '' then
        perform deskline.reject('invalid_args', 'a hand-back needs a note');
    end if;
    select * into e from deskline.escalations
     where ticket_id = t.id and handed_back_at is null
     order by id desc limit 1 for update;
    if not found then
        perform deskline.reject('not_escalated', format('ticket %s is not escalated', t.id));
    end if;
    update deskline.escalations
       set handed_back_at = deskline.now_ms(), handed_back_by = me.id, hand_back_note = v_note
     where id = e.id;
    -- An L3 hand-back lands at L2 while L2's own escalation is still open.
    update deskline.tickets
       set team_id = e.from_team_id, assignee_id = e.from_agent_id,
           escalation_tier = coalesce((select to_tier from deskline.escalations
                                        where ticket_id = t.id and handed_back_at is null
                                        order by id desc limit 1), 0),
           updated_at = deskline.now_ms()
     where id = t.id;
    return jsonb_build_object('ticket_id', t.id, 'escalation_id', e.id);
end
$$;

insert into deskline.mutation_handlers (name, handler) values
    ('ticket.escalate', 'deskline.mut_ticket_escalate'),
    ('ticket.hand_back', 'deskline.mut_ticket_hand_back');

-- ---- privileges ---------------------------------------------------------------------------------

revoke all on deskline.mutation_handlers, deskline.escalations from public;
revoke all on function deskline.current_tier(deskline.tickets), deskline.mut_ticket_escalate(deskline.agents, jsonb),
    deskline.mut_ticket_hand_back(deskline.agents, jsonb) from public;
grant select on deskline.v_escalations to deskline_agent, deskline_supervisor, deskline_admin;
