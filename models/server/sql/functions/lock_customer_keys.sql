-- Holds, until the transaction ends, the right to make the customers known by these keys (an
-- address, a number's key, a source's id for them; one namespace, empty keys skipped): two
-- requests from one new customer that gateways take at once then make one customer, the second
-- finding the first's. The keys are locked in the order given, and every caller gives them in
-- one order (a source's id, the address, the number), so that two transactions never wait on
-- each other.
create or replace function deskline.lock_customer_keys(variadic p_keys text[]) returns void
language sql
as $$
    select count(pg_advisory_xact_lock(hashtext('deskline.customer'), hashtext(lower(k))))
      from (select k from unnest(p_keys) with ordinality as u(k, n) where coalesce(k, '') <> '' order by n) keys
$$;

revoke all on function deskline.lock_customer_keys(text[])
    from public, deskline_agent, deskline_supervisor, deskline_admin;
