-- A rejection is an exception so that it unwinds the mutation's sub-block and its writes; the
-- reason travels as the message, the human text as the detail, the result (json) as the hint.
create or replace function deskline.reject(p_reason text, p_detail text, p_result jsonb default '{}') returns void
language plpgsql
as $$
begin
    raise exception using errcode = 'DL001', message = p_reason, detail = coalesce(p_detail, ''),
                          hint = coalesce(p_result, '{}'::jsonb)::text;
end
$$;

revoke all on function deskline.reject(text, text, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
