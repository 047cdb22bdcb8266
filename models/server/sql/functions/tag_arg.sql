create or replace function deskline.tag_arg(a jsonb) returns text
language plpgsql immutable
as $$
declare
    v_tag text := deskline.trimmed(deskline.arg_opt_text(a, 'tag'));
begin
    if v_tag is null or v_tag = '' or char_length(v_tag) > 64 then
        perform deskline.reject('invalid_args', 'tag must be 1 to 64 characters');
    end if;
    return v_tag;
end
$$;

revoke all on function deskline.tag_arg(jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
