-- Schema of the JDBC job store (camel-asyncjob-store-jdbc) on PostgreSQL 12 or later.
--
-- JdbcJobStore runs this file itself when createTableIfNotExists is true (the default), with every
-- "asyncjob_" replaced by its tablePrefix. Run it yourself (replacing the prefix the same way) when the
-- application's database user may not create tables, and set createTableIfNotExists=false.
-- Every statement is idempotent.

-- One row per followed job (per account and job id). Every write is one statement that checks the
-- version it read (compare-and-set), so exactly one node's write of a transition succeeds.
CREATE TABLE IF NOT EXISTS asyncjob_jobs (
    account          VARCHAR(200)  NOT NULL,   -- opaque hash of base URL and API key; never the key
    job_id           VARCHAR(500)  NOT NULL,
    job_type         VARCHAR(200),
    ref_attributes   JSONB         NOT NULL DEFAULT '{}',  -- what the vendor's URLs need (a workflow id)
    baseline_status  VARCHAR(200),
    baseline_detail  TEXT,
    -- committed position per consumer group: {"group": {"status": "...", "detail": "..."}}
    cursors          JSONB         NOT NULL DEFAULT '{}',
    tracked_since    TIMESTAMPTZ   NOT NULL,
    next_poll_at     TIMESTAMPTZ,              -- null: first poll not decided yet
    failures         INTEGER       NOT NULL DEFAULT 0,
    stretch          INTEGER       NOT NULL DEFAULT 0,
    last_polled_at   TIMESTAMPTZ,
    not_found_count  INTEGER       NOT NULL DEFAULT 0,
    not_found_since  TIMESTAMPTZ,
    lease_owner      VARCHAR(200),             -- the node holding the claim
    lease_until      TIMESTAMPTZ,              -- when the claim ends if its owner dies
    taken_over       BOOLEAN       NOT NULL DEFAULT FALSE,  -- the claim took over a lease still held: redeliver
    retain_until     TIMESTAMPTZ,
    trace_parent     VARCHAR(100),             -- W3C trace context of the submit (with OpenTelemetry), or null
    trace_transitions JSONB,                   -- the statuses the job went through, for its span
    version          BIGINT        NOT NULL,
    PRIMARY KEY (account, job_id)
);
-- Tables created by an earlier version lack the job's trace.
ALTER TABLE asyncjob_jobs ADD COLUMN IF NOT EXISTS trace_parent VARCHAR(100);
ALTER TABLE asyncjob_jobs ADD COLUMN IF NOT EXISTS trace_transitions JSONB;

-- The claim: the account's due rows, most overdue first (an index range scan that stops after the batch).
CREATE INDEX IF NOT EXISTS asyncjob_jobs_due_idx ON asyncjob_jobs (account, next_poll_at);
-- The held claims (few: the jobs in flight), for the wake-up time and for taking over expired leases.
CREATE INDEX IF NOT EXISTS asyncjob_jobs_leased_idx ON asyncjob_jobs (account, lease_until)
    WHERE lease_owner IS NOT NULL;
-- Jobs whose first poll no consumer has decided yet (few: just submitted).
CREATE INDEX IF NOT EXISTS asyncjob_jobs_undecided_idx ON asyncjob_jobs (account)
    WHERE next_poll_at IS NULL;

-- Submits recorded before their request is sent, removed once the job is stored.
CREATE TABLE IF NOT EXISTS asyncjob_intents (
    account       VARCHAR(200)  NOT NULL,
    intent_id     VARCHAR(200)  NOT NULL,
    vendor        VARCHAR(100),
    operation     VARCHAR(200),
    attributes    JSONB         NOT NULL DEFAULT '{}',
    request_body  TEXT,
    created_at    TIMESTAMPTZ   NOT NULL,
    owner         VARCHAR(200),
    version       BIGINT        NOT NULL,
    lease_owner   VARCHAR(200),             -- the node reconciling it (a lost answer), if any
    lease_until   TIMESTAMPTZ,              -- when that claim ends if the node dies mid-reconcile
    PRIMARY KEY (account, intent_id)
);
-- Tables created by an earlier version lack the reconcile claim.
ALTER TABLE asyncjob_intents ADD COLUMN IF NOT EXISTS lease_owner VARCHAR(200);
ALTER TABLE asyncjob_intents ADD COLUMN IF NOT EXISTS lease_until TIMESTAMPTZ;

-- The consumer groups following each account: a job's transitions wait for each of them.
CREATE TABLE IF NOT EXISTS asyncjob_groups (
    account     VARCHAR(200)  NOT NULL,
    group_name  VARCHAR(200)  NOT NULL,
    PRIMARY KEY (account, group_name)
);

-- Small named values per account (what polling learned of job durations), shared by every node.
CREATE TABLE IF NOT EXISTS asyncjob_values (
    account  VARCHAR(200)  NOT NULL,
    name     VARCHAR(200)  NOT NULL,
    value    BYTEA         NOT NULL,
    PRIMARY KEY (account, name)
);

-- The request budget of each account, shared by every node (JdbcRequestBudget): one row per request
-- the vendor allows per window. A request takes a free slot; the slot is free again one window after
-- the request's answer arrived, so no window of that length, sliding or fixed, holds more requests
-- than there are slots.
CREATE TABLE IF NOT EXISTS asyncjob_budget_slots (
    account      VARCHAR(200)  NOT NULL,
    slot         INTEGER       NOT NULL,
    taken_until  TIMESTAMPTZ   NOT NULL,
    taken_by     VARCHAR(200),
    PRIMARY KEY (account, slot)
);
CREATE INDEX IF NOT EXISTS asyncjob_budget_slots_free_idx ON asyncjob_budget_slots (account, taken_until);
