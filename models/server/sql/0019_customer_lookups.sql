-- Deskline shared schema, step 19.
--
-- The gateways find a request's customer by address or number and take the oldest. Their
-- functions run these lookups as cached generic plans, and for "the oldest with this address,
-- if any" the planner's generic guess preferred walking the whole primary key in id order: with
-- 100,000 customers, 31 ms for the address of a new customer (the usual case) where the index
-- answers in 0.1 ms. With the id in the address's index, the index gives that order itself.
-- The number's lookup (a prefix of phone_key) is written as a range in its functions, which a
-- generic plan can take to customers_by_phone_key.

drop index deskline.customers_by_email;
create index customers_by_email on deskline.customers (lower(email), id) where email <> '';

-- A source's conversation: the generic plan cannot use an index whose predicate it cannot prove
-- from a parameter, so the query states "external_id <> ''" itself and the id orders it here.
drop index deskline.intake_requests_by_conversation;
create index intake_requests_by_conversation on deskline.intake_requests (source_id, external_id, id)
    where external_id <> '';
