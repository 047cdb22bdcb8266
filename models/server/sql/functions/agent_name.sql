create or replace function deskline.agent_name(p_agent_id bigint) returns text
language sql stable
as $$ select name from deskline.agents where id = p_agent_id $$;

revoke all on function deskline.agent_name(bigint)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
