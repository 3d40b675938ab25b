/**
 * GET /metrics on the gateway's own port, for admin keys only: the counters name
 * recipients, purposes and volumes, which partners must not see of each other.
 */
import type { Db } from "../db/client.js";
import { authenticateRequest } from "../hardening/request-principal.js";
import type { Route } from "../routes.js";
import { type Metrics, metricsResponse } from "./metrics.js";

const refuse = (status: number, message: string) =>
  new Response(
    JSON.stringify({
      errors: [{ message, extensions: { code: status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN" } }],
    }),
    {
      status,
      headers: { "content-type": "application/json" },
    },
  );

export function adminMetricsRoute(metrics: Metrics, db: Db, clock: () => Date): Route {
  return {
    path: "/metrics",
    async handle(request) {
      let role: string;
      try {
        role = (await authenticateRequest(db, request, clock())).role;
      } catch {
        return refuse(401, "Metrics need an admin key: send 'Authorization: Bearer <key>'.");
      }
      if (role !== "ADMIN") return refuse(403, "Metrics are for admin keys only.");
      return metricsResponse(metrics.registry);
    },
  };
}
