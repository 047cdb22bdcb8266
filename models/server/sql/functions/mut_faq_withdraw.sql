-- A canned answer no longer public (or removed) leaves the chat page's FAQ.
create or replace function deskline.mut_faq_withdraw(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_client_id uuid := deskline.arg_uuid(a, 'client_id');
begin
    if me.role < 1 then
        perform deskline.reject('not_allowed', 'only supervisors and administrators withdraw FAQ articles');
    end if;
    delete from deskline.faq_articles where client_id = v_client_id;
    return jsonb_build_object('client_id', v_client_id);
end
$$;

revoke all on function deskline.mut_faq_withdraw(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('faq.withdraw', 'deskline.mut_faq_withdraw')
on conflict (name) do update set handler = excluded.handler;
