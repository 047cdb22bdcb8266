create or replace function deskline.arg_opt_uuid(p_args jsonb, p_key text) returns uuid
language plpgsql immutable
as $$
declare
    t text := deskline.arg_opt_text(p_args, p_key);
begin
    -- Braces allowed: QUuid::toString() writes them.
    if t is not null and t !~* '^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$' then
        perform deskline.reject('invalid_args', format('%s must be a UUID', p_key));
    end if;
    return t::uuid;
end
$$;

revoke all on function deskline.arg_opt_uuid(jsonb, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
