create or replace function deskline.arg_id(p_args jsonb, p_key text) returns bigint
language sql immutable
as $$ select deskline.arg_int(p_args, p_key, 1, 9223372036854775807) $$;

revoke all on function deskline.arg_id(jsonb, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
