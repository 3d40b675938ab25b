-- The record function's foreign-key checks planned once, not once per person row
-- (docs/decisions/0090, 2026-12-02). Each "ProvisionRecordPerson" row the function inserts
-- is checked against "ProvisionEvent", a partitioned table. Under the default
-- plan_cache_mode PostgreSQL re-plans that check for every row (a custom plan, to prune the
-- month partitions), which was two thirds of the function's CPU for 100 people. A generic
-- plan prunes the partitions when it runs instead, with the same answer. The setting holds
-- only while the function runs, for its own statements and the checks they fire.
-- A CREATE OR REPLACE of the function without this SET drops it: test/e2e/record-hash-sql.test.ts
-- checks that every version has it.
ALTER FUNCTION teikyo_append_provisions(integer, text[], text[], jsonb)
  SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION teikyo_append_provisions(integer, jsonb)
  SET plan_cache_mode = force_generic_plan;
