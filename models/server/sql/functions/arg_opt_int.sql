-- Integers arrive as JSON numbers (or digit strings); anything else is invalid_args, with the key
-- named so the detail says what was wrong.
create or replace function deskline.arg_opt_int(p_args jsonb, p_key text, p_min bigint, p_max bigint) returns bigint
language plpgsql immutable
as $$
declare
    v jsonb := p_args -> p_key;
    t text := v #>> '{}';
begin
    if v is null or jsonb_typeof(v) = 'null' then
        return null;
    end if;
    if jsonb_typeof(v) not in ('number', 'string') or t !~ '^-?[0-9]{1,18}$' then
        perform deskline.reject('invalid_args', format('%s must be an integer', p_key));
    end if;
    if t::bigint not between p_min and p_max then
        perform deskline.reject('invalid_args', format('%s must be between %s and %s', p_key, p_min, p_max));
    end if;
    return t::bigint;
end
$$;

revoke all on function deskline.arg_opt_int(jsonb, text, bigint, bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
