/**
 * Stores every provision refused to a partner key (the ProvisionRefusal log), from the
 * answer as sent: the scope plugin, the scoped schema's validation and its variable check
 * all refuse with PROVISION_DENIED, and all are logged here, once, after the decision.
 * The refusal stands whatever happens to its log: a failed write is reported (without
 * its message, which could quote values) and the partner still gets the refusal. Answers
 * that refuse nothing cost nothing here.
 */
import type { GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../../db/client.js";
import { knownPrincipal } from "../../hardening/request-principal.js";
import { describeError } from "../../hardening/redacted-logger.js";
import { requestIdOf } from "../../observability/request-id.js";
import { jstMonth } from "../../policy/statistics/dimensions.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { refusalRows } from "./refusal-rows.js";

type Errors = readonly { extensions?: Record<string, unknown> }[];

function deniedErrors(result: unknown): Errors {
  const results = Array.isArray(result) ? result : [result];
  return results.flatMap((r) => {
    const errors = r && typeof r === "object" && "errors" in r ? (r as { errors?: Errors }).errors : undefined;
    return (errors ?? []).filter((e) => e.extensions?.code === "PROVISION_DENIED");
  });
}

export function useRefusalLog(db: Db, clock: () => Date, schema: GraphQLSchema): Plugin {
  const provisionFields = new Set(
    Object.values(schema.getQueryType()?.getFields() ?? {})
      .filter((f) => f.extensions.provision === true)
      .map((f) => f.name),
  );
  return {
    async onResultProcess({ request, result }) {
      const principal = knownPrincipal(request);
      if (principal?.role !== "PARTNER" || !principal.recipient) return;
      const denied = deniedErrors(result);
      if (denied.length === 0) return;
      const requestId = requestIdOf(request);
      try {
        const at = clock();
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
      } catch (error) {
        // Fail closed: the answer is already a refusal and stays one; only its log is missing.
        console.error(`provision refusal log write failed (request ${requestId}):`, describeError(error));
      }
    },
  };
}
