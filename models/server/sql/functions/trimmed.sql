-- Trimmed of ASCII and full-width (CJK input) spaces.
create or replace function deskline.trimmed(p_text text) returns text
language sql immutable parallel safe
as $$ select regexp_replace(p_text, '^[[:space:]　]+|[[:space:]　]+$', '', 'g') $$;

revoke all on function deskline.trimmed(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
