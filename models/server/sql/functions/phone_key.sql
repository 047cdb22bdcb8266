create or replace function deskline.phone_key(p_phone text) returns text
language sql immutable parallel safe
as $$ select reverse(regexp_replace(translate(p_phone, '０１２３４５６７８９', '0123456789'), '[^0-9]', '', 'g')) $$;

revoke all on function deskline.phone_key(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
