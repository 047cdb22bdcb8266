create or replace function deskline.arg_int(p_args jsonb, p_key text, p_min bigint, p_max bigint) returns bigint
language plpgsql immutable
as $$
declare
    v bigint := deskline.arg_opt_int(p_args, p_key, p_min, p_max);
begin
    if v is null then
        perform deskline.reject('invalid_args', format('%s is required', p_key));
    end if;
    return v;
end
$$;

revoke all on function deskline.arg_int(jsonb, text, bigint, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
