create or replace function deskline.arg_uuid(p_args jsonb, p_key text) returns uuid
language plpgsql immutable
as $$
declare
    v uuid := deskline.arg_opt_uuid(p_args, p_key);
begin
    if v is null then
        perform deskline.reject('invalid_args', format('%s is required', p_key));
    end if;
    return v;
end
$$;

revoke all on function deskline.arg_uuid(jsonb, text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
