create or replace function deskline.arg_opt_text(p_args jsonb, p_key text) returns text
language plpgsql immutable
as $$
declare
    v jsonb := p_args -> p_key;
begin
    if v is null or jsonb_typeof(v) = 'null' then
        return null;
    end if;
    if jsonb_typeof(v) <> 'string' then
        perform deskline.reject('invalid_args', format('%s must be a string', p_key));
    end if;
    return v #>> '{}';
end
$$;

revoke all on function deskline.arg_opt_text(jsonb, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
