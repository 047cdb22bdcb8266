-- The oldest customer whose number's key (phone_key: the national digits, reversed) begins with
-- p_key: the same number written with or without its trunk prefix. Nothing for a key that is
-- not digits. The prefix is a range on customers_by_phone_key, which a cached generic plan can
-- use where "like p_key || '%'" cannot, and the range is read before it is ordered (offset 0),
-- so that the planner never walks every customer in id order looking for it.
create or replace function deskline.customers_by_phone(p_key text) returns table (id bigint, name text)
language sql stable
as $$
    select found.id, found.name
      from (select c.id, c.name
              from deskline.customers c
             where p_key ~ '^[0-9]+$' and c.phone_key ~>=~ p_key and c.phone_key ~<~ (p_key || ':')
               and c.phone_key <> ''
            offset 0) found
     order by found.id
     limit 1
$$;

revoke all on function deskline.customers_by_phone(text)
    from public, deskline_agent, deskline_supervisor, deskline_admin;
