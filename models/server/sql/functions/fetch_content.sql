-- A file's bytes by SHA-256 (hex), for a desk opening a message: only a content that is an
-- attachment of, or the raw mail behind, a message on a ticket the caller may see. Null for
-- any other, exactly as for one that does not exist. The gateway may read every content (it
-- attaches the agents' files to the mail it sends and quotes the customer's mail).
create or replace function deskline.fetch_content(p_sha256 text) returns bytea
language plpgsql stable security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    v_sha256 bytea;
begin
    if p_sha256 is null or p_sha256 !~ '^[0-9a-f]{64}$' then
        return null;
    end if;
    v_sha256 := decode(p_sha256, 'hex');
    if pg_has_role(session_user, 'deskline_gateway', 'member') then
        return (select content from deskline.file_contents where sha256 = v_sha256);
    end if;
    select * into me from deskline.current_agent();
    if me.id is null then
        raise exception 'login "%" is not an active Deskline agent', session_user
            using errcode = 'insufficient_privilege';
    end if;
    if exists (select from deskline.attachments a
                 join deskline.messages m on m.id = a.message_id
                 join deskline.tickets t on t.id = m.ticket_id
                where a.sha256 = v_sha256
                  and deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted))
       or exists (select from deskline.mail_messages f
                    join deskline.messages m on m.id = f.message_id
                    join deskline.tickets t on t.id = m.ticket_id
                   where f.raw_sha256 = v_sha256
                     and deskline.visible_to(me.role, me.team_id, t.team_id, t.restricted)) then
        return (select content from deskline.file_contents where sha256 = v_sha256);
    end if;
    return null;
end
$$;

revoke all on function deskline.fetch_content(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.fetch_content(text)
    to deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
