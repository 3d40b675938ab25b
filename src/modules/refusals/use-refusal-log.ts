/**
 * Stores every provision refused to a partner key (the ProvisionRefusal log), from the
 * answer as sent: the scope plugin, the scoped schema's validation and its variable check
 * all refuse with PROVISION_DENIED, and all are logged here, once, after the decision.
 *
 * The refusal never waits for its log and never depends on it: the write starts as the
 * answer leaves and runs beside it. A failed write is reported (without its message, which
 * could quote values); the partner has its refusal either way. Writes in flight are bounded
 * (a flood of refused requests cannot grow memory), and a draining server and the tests
 * wait for them with refusalLogSettled(). Answers that refuse nothing cost nothing here.
 */
import type { GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../../db/client.js";
import { knownPrincipal } from "../../hardening/request-principal.js";
import { describeError } from "../../hardening/redacted-logger.js";
import type { Principal } from "../keys/authenticate.js";
import { requestIdOf } from "../../observability/request-id.js";
import { jstMonth } from "../../policy/statistics/dimensions.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { refusalRows } from "./refusal-rows.js";

type Errors = readonly { extensions?: Record<string, unknown> }[];

/** Refusals being written at most; past it a refusal is reported, not stored. */
export const MAX_REFUSALS_IN_FLIGHT = 2_000;

const inFlight = new Set<Promise<void>>();
let refusalsInFlight = 0;

/** Resolves once every refusal write started so far has finished (stored or reported). */
export async function refusalLogSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

function deniedErrors(result: unknown): Errors {
  const results = Array.isArray(result) ? result : [result];
  return results.flatMap((r) => {
    const errors =
      r && typeof r === "object" && "errors" in r ? (r as { errors?: Errors }).errors : undefined;
    return (errors ?? []).filter((e) => e.extensions?.code === "PROVISION_DENIED");
  });
}

async function store(
  db: Db,
  at: Date,
  principal: Principal,
  requestId: string,
  denied: Errors,
  provisionFields: ReadonlySet<string>,
): Promise<void> {
  const catalog = await catalogSnapshot(db, at);
  const rows = refusalRows(denied, {
    purposes: new Set(catalog.purposes.keys()),
    items: new Set(catalog.items.keys()),
    provisionFields,
  });
  if (rows.length === 0) return;
  await db.provisionRefusal.createMany({
    data: rows.map((row) => ({
      ...row,
      at,
      month: jstMonth(at),
      apiKeyId: principal.keyId,
      recipientId: principal.recipient?.id ?? "",
      requestId,
    })),
  });
}

export function useRefusalLog(db: Db, clock: () => Date, schema: GraphQLSchema): Plugin {
  const provisionFields = new Set(
    Object.values(schema.getQueryType()?.getFields() ?? {})
      .filter((f) => f.extensions.provision === true)
      .map((f) => f.name),
  );
  return {
    onResultProcess({ request, result }) {
      const principal = knownPrincipal(request);
      if (principal?.role !== "PARTNER" || !principal.recipient) return;
      const denied = deniedErrors(result);
      if (denied.length === 0) return;
      const requestId = requestIdOf(request);
      if (refusalsInFlight + denied.length > MAX_REFUSALS_IN_FLIGHT) {
        console.error(
          `provision refusal log full: ${denied.length} refusals of request ${requestId} not stored`,
        );
        return;
      }
      refusalsInFlight += denied.length;
      const write: Promise<void> = store(db, clock(), principal, requestId, denied, provisionFields)
        .catch((error: unknown) => {
          // The answer is a refusal and stays one; only its log entry is missing.
          console.error(`provision refusal log write failed (request ${requestId}):`, describeError(error));
        })
        .finally(() => {
          refusalsInFlight -= denied.length;
          inFlight.delete(write);
        });
      inFlight.add(write);
    },
  };
}
