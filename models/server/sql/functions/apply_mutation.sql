-- The only way agents write. Never raises for a mutation that cannot succeed (that is recorded and
-- returned as rejected, so a desk's queue moves on); raises only for a caller who is not an active
-- agent and for transient server trouble (serialization, deadlock, cancel, resources), which the
-- desk retries with the same id.
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
        -- The history entries the desk wrote with the change: kept only if the change is.
        if p_args ? 'events' then
            perform deskline.record_ticket_events(me, p_name, p_args, v_result);
        end if;

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

revoke all on function deskline.apply_mutation(uuid, text, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
grant execute on function deskline.apply_mutation(uuid, text, jsonb)
    to deskline_agent, deskline_supervisor, deskline_admin;
