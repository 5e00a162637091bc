-- Routing without reading every route and step again for each batch (issue 19): at 200,000 leads a
-- rescore spent more than a quarter of its routing time there, and the share grew with every lead routed.

-- Routing reads every route of the batch's accounts (the first assigned contact's owner, and how
-- many contacts each has). The old index covered only routes with an owner, which that read does
-- not filter on, so each batch scanned every route.
DROP INDEX ix_lead_routes_account;
CREATE INDEX ix_lead_routes_account ON lead_routes (account_key, routed_at, lead_id) WHERE account_key IS NOT NULL;

-- How many leads each member was assigned in each queue, per 15 minutes (UTC): what round robin
-- (assignments per queue and member) and daily capacity (assignments on the member's local day;
-- every zone's offset is a whole number of quarter hours) read, in a few rows instead of every
-- step. Each batch appends its own counts (two workers never wait on one row); a reader folds the
-- rows of one quarter hour together now and then (RoutingStore.Load).
CREATE TABLE route_load (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    queue        TEXT NOT NULL,
    owner        TEXT NOT NULL,
    at           TEXT NOT NULL,            -- the quarter hour's start
    assigned     INTEGER NOT NULL
);
CREATE INDEX ix_route_load_at ON route_load (at);

-- The steps that counted before: routed, re-routed or released to an owner.
INSERT INTO route_load (queue, owner, at, assigned)
SELECT queue, owner, quarter, COUNT(*)
FROM (SELECT queue, owner, substr(at, 1, 14) || printf('%02d', (CAST(substr(at, 15, 2) AS INTEGER) / 15) * 15) || ':00.0000000Z' AS quarter
      FROM route_steps WHERE owner IS NOT NULL AND kind IN ('routed', 'rerouted', 'released'))
GROUP BY queue, owner, quarter
ORDER BY quarter, queue, owner;
