-- A supervisor or administrator adds a mailbox (a name or address taken already is refused). Never the
-- password: that stays with the gateway (a file only its user reads, or its keychain).
create or replace function deskline.mailbox_save(p jsonb) returns bigint
language plpgsql volatile security definer set search_path = deskline, pg_temp
as $$
declare
    me deskline.agents;
    v_id bigint;
    v_team bigint;
begin
    select * into me from deskline.current_agent();
    if me.id is null or me.role < 1 then
        raise exception 'only supervisors and administrators manage mailboxes' using errcode = 'insufficient_privilege';
    end if;
    if coalesce(p ->> 'team', '') <> '' then
        select id into v_team from deskline.teams where name = p ->> 'team';
        if v_team is null then
            raise exception 'there is no team "%"', p ->> 'team' using errcode = 'no_data_found';
        end if;
    end if;
    insert into deskline.mailboxes (name, address, imap_url, smtp_url, team_id, ca_file, password_file,
                                    max_attachment_bytes)
    values (deskline.trimmed(p ->> 'name'), deskline.trimmed(p ->> 'address'), p ->> 'imap_url', p ->> 'smtp_url',
            v_team, coalesce(p ->> 'ca_file', ''), coalesce(p ->> 'password_file', ''),
            coalesce((p ->> 'max_attachment_bytes')::bigint, 26214400))
    returning id into v_id;
    return v_id;
end
$$;

revoke all on function deskline.mailbox_save(jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
grant execute on function deskline.mailbox_save(jsonb) to deskline_supervisor, deskline_admin;
