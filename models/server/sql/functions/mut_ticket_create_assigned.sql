-- ticket.create, then the automatic assignment, in one transaction. A desk whose agent takes the
-- new ticket says so ("assign_to_me"), and its claim follows; a resent creation changes nothing.
create or replace function deskline.mut_ticket_create_assigned(me deskline.agents, a jsonb) returns jsonb
language plpgsql
as $$
declare
    v_existed boolean := exists (select from deskline.tickets where client_id = deskline.arg_uuid(a, 'client_id'));
    r jsonb := deskline.mut_ticket_create(me, a);
begin
    if not v_existed and (a -> 'assign_to_me') is distinct from 'true'::jsonb then
        perform deskline.auto_assign((r ->> 'ticket_id')::bigint);
    end if;
    return r;
end
$$;

revoke all on function deskline.mut_ticket_create_assigned(deskline.agents, jsonb)
    from public, deskline_agent, deskline_supervisor, deskline_admin;

insert into deskline.mutation_handlers (name, handler)
values ('ticket.create', 'deskline.mut_ticket_create_assigned')
on conflict (name) do update set handler = excluded.handler;
