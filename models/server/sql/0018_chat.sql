-- Deskline shared schema, step 18.
--
-- The live chat in team mode (issue 18): the chat page is served by the gateway beside the
-- team's server (`deskctl gateway --url`), its chats are the team's tickets, any agent's desk
-- answers them, and the FAQ it offers first is what the team's supervisors published from their
-- canned answers. As on a standalone desk (local step 23): a chat is found by the SHA-256 of the
-- random token its visitor's page holds (the token itself is never kept), and its typing notes,
-- transcript address and end are kept beside its ticket.

create table deskline.chat_sessions (
    ticket_id          bigint primary key references deskline.tickets on delete cascade,
    token_sha256       text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
    language           text not null default '',
    customer_typing_at bigint,
    agent_typing_at    bigint,
    transcript_to      text not null default '',
    transcript_sent_to text not null default '', -- where its transcript went (gateway_chat_transcript)
    ended_at           bigint,
    created_at         bigint not null default deskline.now_ms()
);

-- The FAQ articles of the chat page: a supervisor's public canned answer, named by the id its
-- desk gave it: its own title, text and language (empty: any), and its words in Chinese and in
-- English (empty: its own, when it is in that language or in any).
create table deskline.faq_articles (
    client_id    uuid primary key,
    agent_id     bigint references deskline.agents on delete set null,
    title        text not null check (length(title) between 1 and 200),
    body         text not null check (length(body) between 1 and 20000),
    language     text not null default '' check (language in ('', 'zh_CN', 'en')),
    title_zh     text not null default '' check (length(title_zh) <= 200),
    body_zh      text not null default '' check (length(body_zh) <= 20000),
    title_en     text not null default '' check (length(title_en) <= 200),
    body_en      text not null default '' check (length(body_en) <= 20000),
    published_at bigint not null default deskline.now_ms()
);

-- The trigger functions, as their files in functions/ have them.
create or replace function deskline.log_chat_change() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
declare
    v_ticket bigint := case when tg_op = 'DELETE' then old.ticket_id else new.ticket_id end;
begin
    insert into deskline.change_log (entity, entity_id, ticket_id) values ('chat', v_ticket, v_ticket);
    perform pg_notify('deskline_chat', v_ticket::text);
    return null;
end
$$;

create or replace function deskline.notify_chat_reply() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    if exists (select 1 from deskline.chat_sessions c where c.ticket_id = new.ticket_id) then
        perform pg_notify('deskline_chat', new.ticket_id::text);
    end if;
    return null;
end
$$;

create or replace function deskline.notify_chat_config() returns trigger
language plpgsql security definer set search_path = deskline, pg_temp
as $$
begin
    perform pg_notify('deskline_chat', 'config');
    return null;
end
$$;

create trigger chat_sessions_log after insert or update or delete on deskline.chat_sessions
    for each row execute function deskline.log_chat_change();
-- The gateway's long polls wait on deskline_chat: an agent's reply on a chat's ticket wakes
-- the poll of that chat only (the payload is the ticket).
create trigger messages_notify_chat after insert on deskline.messages
    for each row when (new.kind = 1) execute function deskline.notify_chat_reply();

-- The gateway keeps the FAQ and the business calendar until told they changed.
create trigger faq_articles_notify after insert or update or delete on deskline.faq_articles
    for each statement execute function deskline.notify_chat_config();
create trigger team_settings_notify_chat after insert or update or delete on deskline.team_settings
    for each statement execute function deskline.notify_chat_config();

-- What the desks see of a chat: never its token's hash.
create view deskline.v_chat_sessions with (security_barrier) as
select c.ticket_id, c.language, c.customer_typing_at, c.agent_typing_at, c.transcript_to, c.ended_at, c.created_at
  from deskline.chat_sessions c
 where coalesce((select deskline.visible_to((select me.role from deskline.current_agent() me),
                                            (select me.team_id from deskline.current_agent() me),
                                            t.team_id, t.restricted)
                   from deskline.tickets t
                  where t.id = c.ticket_id), false);

revoke all on deskline.chat_sessions, deskline.faq_articles, deskline.v_chat_sessions from public;
grant select on deskline.v_chat_sessions to deskline_agent, deskline_supervisor, deskline_admin;
revoke all on function deskline.log_chat_change(), deskline.notify_chat_reply(), deskline.notify_chat_config()
    from public, deskline_agent, deskline_supervisor, deskline_admin, deskline_gateway;
