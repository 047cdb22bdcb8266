-- A file's bytes, kept once per content: desks put an attachment's content before the mutation
-- that names it by SHA-256, the gateway every file of a mail before the mail itself. A content
-- put but never named costs a row and nothing else; putting it twice is harmless.
create or replace function deskline.put_content(p_content bytea) returns text
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_sha256 bytea;
begin
    if p_content is null then
        raise exception 'content must not be null' using errcode = 'null_value_not_allowed';
    end if;
    -- Twice the largest attachment limit a mailbox may set by default, and a bound on memory.
    if length(p_content) > 64 * 1024 * 1024 then
        raise exception 'a file is at most 64 MB, this one has % bytes', length(p_content)
            using errcode = 'program_limit_exceeded';
    end if;
    if not exists (select from deskline.current_agent())
       and not pg_has_role(session_user, 'deskline_gateway', 'member') then
        raise exception 'login "%" is not an active Deskline agent', session_user
            using errcode = 'insufficient_privilege';
    end if;
    v_sha256 := sha256(p_content);
    insert into deskline.file_contents (sha256, size, content)
    values (v_sha256, length(p_content), p_content)
    on conflict (sha256) do nothing;
    return encode(v_sha256, 'hex');
end
$$;

revoke all on function deskline.put_content(bytea)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.put_content(bytea)
    to deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
