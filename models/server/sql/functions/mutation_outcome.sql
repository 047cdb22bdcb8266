create or replace function deskline.mutation_outcome(m deskline.mutations) returns jsonb
language sql immutable
as $$
    select case m.status
        when 'applied' then jsonb_build_object('status', m.status, 'result', coalesce(m.result, '{}'))
        else jsonb_build_object('status', m.status, 'reason', m.reason, 'detail', coalesce(m.detail, ''),
                                'result', coalesce(m.result, '{}'))
    end
$$;

revoke all on function deskline.mutation_outcome(deskline.mutations)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
