/**
 * The PostGraphile peer of scenario 1 (partner-query): what a user might pick instead of
 * Teikyo, PostGraphile 5 over the same PostgreSQL gateway database the control serves, as a
 * database role that may read exactly the columns the partner query reads, with row-level
 * security hiding the people this partner may not get. Optional: postgraphile is not a
 * dependency of the project (`npm i --no-save postgraphile@5.1.5` includes it); without it
 * the scenario runs as before.
 *
 * What the peer does not do, and Teikyo does: it writes no provision records and knows no
 * purposes, recipients or legal bases. Its role and its policies are fixed, at setup, to one
 * partner (Hayate Logistics, an entrustee) and one use (delivery); another partner or
 * purpose would need another role, view and policy written by hand. Its inclusion rule
 * approximates src/policy/person-inclusion-sql.ts for this partner's rule (an entrustee: no
 * opt-out or consent conditions): no stop demand in force for provision to all or to this
 * recipient, or for use for delivery (APPI art. 35), and not improperly acquired (art. 20(1)).
 * The scenario checks that it returns the same people as Teikyo.
 */
import { createRequire } from "node:module";
import { benchDbName } from "./bench-env.js";
import { onPostgres } from "./gw-databases.js";

/** The partner the peer's policies are written for (src/demo/recipients.ts), and its use. */
const RECIPIENT = "hayate-logistics";
const PURPOSE = "delivery";

/** The database role the peer connects as (cluster-wide, so named like the benchmark's databases). */
export const PEER_ROLE = benchDbName("peer");
/** A schema PostGraphile does not expose, for the view the policy reads. */
const PRIVATE = benchDbName("peer_private");

/**
 * The partner query's columns: the person's 6 and the order's 2, with the order's person (the
 * join) and its id, which PostGraphile orders a relation by for a stable order (a partner of
 * the peer can read order ids; Teikyo's cannot).
 */
const PERSON_COLUMNS = ["id", "fullName", "postalCode", "prefecture", "address", "phone"];
const ORDER_COLUMNS = ["id", "personId", "orderedAt", "product"];

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Null when postgraphile is installed; otherwise the one line to log instead of running the peer. */
export function peerProblem(): string | null {
  try {
    // Resolved, not imported: this process need not load it (only the peer's server does).
    createRequire(import.meta.url).resolve("postgraphile");
    return null;
  } catch {
    return "PostGraphile peer skipped: `npm i --no-save postgraphile@5.1.5` to include it";
  }
}

function databaseOf(url: string): string {
  return new URL(url).pathname.slice(1);
}

/** The peer's URL: the gateway database, as PEER_ROLE. */
export function peerUrl(url: string): string {
  const u = new URL(url);
  u.username = PEER_ROLE;
  u.password = "";
  return u.toString();
}

/**
 * Creates PEER_ROLE with its grants, and the row-level security policies, in the gateway
 * database at `url` (as the benchmark's superuser; Teikyo and the control connect as it too,
 * and a superuser bypasses row-level security, so they are unaffected).
 */
export async function preparePeer(url: string): Promise<void> {
  // Stop demands in force now (timestamps are stored in UTC, without a zone) for this partner
  // or this use. A view, so that the policy reads it with its owner's rights: the peer's role
  // itself may not read SuspensionRequest.
  const hidden = `SELECT s."personId" FROM "SuspensionRequest" s
    WHERE s."receivedAt" <= (now() AT TIME ZONE 'UTC')
      AND (s."liftedAt" IS NULL OR s."liftedAt" > (now() AT TIME ZONE 'UTC'))
      AND ((s."scope" = 'THIRD_PARTY_PROVISION' AND (s."recipientId" IS NULL OR s."recipientId" = ${literal(RECIPIENT)}))
        OR (s."scope" = 'USE_FOR_PURPOSE' AND s."purposeCode" = ${literal(PURPOSE)}))`;
  await onPostgres("postgres", (c) =>
    c.query(
      `DO $$ BEGIN CREATE ROLE "${PEER_ROLE}" LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    ),
  );
  await onPostgres(databaseOf(url), async (c) => {
    await c.query(`
      CREATE SCHEMA "${PRIVATE}";
      CREATE VIEW "${PRIVATE}"."hidden_people" AS ${hidden};
      GRANT USAGE ON SCHEMA "${PRIVATE}" TO "${PEER_ROLE}";
      GRANT SELECT ON "${PRIVATE}"."hidden_people" TO "${PEER_ROLE}";
      GRANT USAGE ON SCHEMA public TO "${PEER_ROLE}";
      GRANT SELECT (${quoted(PERSON_COLUMNS)}) ON "Person" TO "${PEER_ROLE}";
      GRANT SELECT (${quoted(ORDER_COLUMNS)}) ON "Order" TO "${PEER_ROLE}";
      ALTER TABLE "Person" ENABLE ROW LEVEL SECURITY;
      ALTER TABLE "Order" ENABLE ROW LEVEL SECURITY;
      CREATE POLICY "peer_people" ON "Person" FOR SELECT TO "${PEER_ROLE}"
        USING ("acquisitionMethod" <> 'IMPROPER'
          AND NOT EXISTS (SELECT 1 FROM "${PRIVATE}"."hidden_people" h WHERE h."personId" = "Person"."id"));
      -- A hidden person's orders are hidden too (the subquery on Person is itself under its policy).
      CREATE POLICY "peer_orders" ON "Order" FOR SELECT TO "${PEER_ROLE}"
        USING (EXISTS (SELECT 1 FROM "Person" p WHERE p."id" = "Order"."personId"));
    `);
  });
}

/** Undoes preparePeer (the gateway database serves the later scenarios as it was). */
export async function removePeer(url: string): Promise<void> {
  await onPostgres(databaseOf(url), (c) =>
    c.query(`
      DROP POLICY IF EXISTS "peer_people" ON "Person";
      DROP POLICY IF EXISTS "peer_orders" ON "Order";
      ALTER TABLE "Person" DISABLE ROW LEVEL SECURITY;
      ALTER TABLE "Order" DISABLE ROW LEVEL SECURITY;
      DROP SCHEMA IF EXISTS "${PRIVATE}" CASCADE;
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PEER_ROLE}') THEN DROP OWNED BY "${PEER_ROLE}"; END IF;
      END $$;
    `),
  );
  await onPostgres("postgres", (c) => c.query(`DROP ROLE IF EXISTS "${PEER_ROLE}"`)).catch(() => undefined);
}
