/** The Teikyo gateway as a yoga instance (tests call yoga.fetch; server.ts listens). */
import { createYoga, maskError } from "graphql-yoga";
import { type ContextOptions, contextFactory } from "./context.js";
import { createCounters } from "./hardening/rate-counters.js";
import { redactedLogger } from "./hardening/redacted-logger.js";
import {
  DEFAULT_QUERY_LIMITS,
  type QueryLimits,
  type RateLimits,
  rateLimitsFromEnv,
} from "./hardening/settings.js";
import { useAdmission } from "./hardening/use-admission.js";
import { useLimitStatus } from "./hardening/use-limit-status.js";
import { usePageSize } from "./hardening/use-page-size.js";
import { useQueryLimits } from "./hardening/use-query-limits.js";
import { useRequestChecks } from "./hardening/use-request-checks.js";
import { useSchemaPrivacy } from "./hardening/use-schema-privacy.js";
import { isDatabaseUnavailable, serviceUnavailableError } from "./hardening/database-unavailable.js";
import { useDatabaseUnavailable } from "./hardening/use-database-unavailable.js";
import type { Logger } from "./observability/logger.js";
import type { TracerProvider } from "@opentelemetry/api";
import { useRequestIdInErrors, useRequestLog } from "./observability/use-request-log.js";
import { useTracing } from "./observability/use-tracing.js";
import { useConsole } from "./plugins/use-console.js";
import { adminMetricsRoute } from "./observability/metrics-route.js";
import type { Metrics } from "./observability/metrics.js";
import { useCompiledExecution } from "./plugins/use-compiled-execution.js";
import { useProvisionRecords } from "./modules/provision/use-provision-records.js";
import { useProvisionScopes } from "./modules/provision/use-provision-scopes.js";
import { useReferenceInvalidation } from "./plugins/use-reference-invalidation.js";
import { usePrivacyNotice } from "./plugins/use-privacy-notice.js";
import { useRecordsExport } from "./plugins/use-records-export.js";
import { useRefusalLog } from "./modules/refusals/use-refusal-log.js";
import { type Route, useRoutes } from "./routes.js";
import { useAllowList } from "./modules/persisted-operations/use-allow-list.js";
import { useScopedSchema } from "./partner-schema/use-scoped-schema.js";
import { publicSchemaOf } from "./public-schema/public-schema.js";
import { schema } from "./schema.js";
import { graphiqlAssetsRoute } from "./graphiql/graphiql-assets.js";
import { renderGraphiQLPage, useGraphiQLPageHeaders } from "./graphiql/graphiql-page.js";

export interface TeikyoOptions extends ContextOptions {
  /** Headers GraphiQL starts with (the demo puts a demo key here). */
  graphiqlHeaders?: Record<string, string>;
  /** Log unexpected errors (without their messages, which may quote data) to the console. */
  logging?: boolean;
  /** JSON logs: unexpected errors (without messages) and one access line per request. */
  log?: Logger;
  /** Routes beside /graphql (health, readiness, metrics, a console...). */
  routes?: Route[];
  /** Prometheus metrics; `serveToAdmins` adds GET /metrics for admin keys. */
  metrics?: { metrics: Metrics; serveToAdmins: boolean };
  /** Query limits; the defaults let every documented query through. */
  limits?: Partial<QueryLimits>;
  /** Rate limits; from the environment unless given. */
  rateLimits?: Partial<RateLimits>;
  /** OpenTelemetry traces go to this provider; none (the default) means no tracing. */
  tracerProvider?: TracerProvider;
  /** Queries run compiled by graphql-jit (the default); false runs them on graphql-js (the bench's comparison). */
  compiledExecution?: boolean;
}

export function createTeikyo(options: TeikyoOptions) {
  const clock = options.clock ?? (() => new Date());
  const limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const rateLimits = { ...rateLimitsFromEnv(), ...options.rateLimits };
  const counters = createCounters(rateLimits);
  const log = options.log;
  const metricsRoutes: Route[] = options.metrics?.serveToAdmins
    ? [adminMetricsRoute(options.metrics.metrics, options.db, clock)]
    : [];
  return createYoga({
    schema,
    context: contextFactory(options),
    // In request order: yoga's body limit, then admission (rate limits, key or public operation)
    // before parsing;
    // the query limits in parsing and validation; page sizes and scopes before execution;
    // records after it, before the response.
    plugins: [
      useRequestLog(log),
      ...(options.tracerProvider ? useTracing(options.tracerProvider) : []),
      useRoutes([...metricsRoutes, graphiqlAssetsRoute(), ...(options.routes ?? [])]),
      useGraphiQLPageHeaders(),
      ...(options.metrics?.metrics.plugins ?? []),
      useConsole(),
      useRequestChecks(),
      useAdmission({
        db: options.db,
        clock,
        counters,
        trustedProxies: rateLimits.trustedProxies,
        publicSchema: publicSchemaOf(schema).schema,
        maxTokens: limits.maxTokens,
        concurrentPerKey: rateLimits.concurrentPerKey,
      }),
      // After admission: registered operations (allow lists), then a partner's request runs
      // on its own scoped schema, a keyless one on the public schema.
      useAllowList(options.db),
      useScopedSchema({ db: options.db, clock, schema }),
      useLimitStatus(limits.maxBodyBytes),
      ...useSchemaPrivacy(),
      useQueryLimits(limits),
      usePageSize(limits.maxPageSize, limits.maxPeoplePerOperation),
      useProvisionScopes(),
      // Logs what was refused to a partner, from the answer, whichever check refused it.
      useRefusalLog(options.db, clock, schema),
      // Before the records: a result replaced by a 503 gets no provision record.
      useDatabaseUnavailable(),
      // Queries run compiled (graphql-jit), cached per schema and document; after the scope
      // decision, which stops a refused operation before anything is compiled.
      ...(options.compiledExecution === false ? [] : [useCompiledExecution()]),
      useProvisionRecords({
        provided: async (keyId, people) => {
          await counters.peoplePerKey.add(keyId, people);
          await counters.peopleBurst.add(keyId, people);
        },
      }),
      useRecordsExport(options.db, clock),
      usePrivacyNotice(options.db, clock),
      useReferenceInvalidation(),
      // Last: every error, whichever plugin made it, carries the request id.
      useRequestIdInErrors(),
    ],
    maxRequestBodySize: limits.maxBodyBytes,
    // A database outage is a 503 with Retry-After wherever it surfaces, not a masked 500.
    maskedErrors: {
      maskError: (error, message, isDev) =>
        isDatabaseUnavailable(error) ? serviceUnavailableError() : maskError(error, message, isDev),
    },
    logging: log ? redactedLogger(pinoSink(log)) : options.logging ? redactedLogger() : false,
    // An unknown path gets a plain 404, not yoga's HTML page naming its version.
    landingPage: false,
    // GraphiQL from the gateway's own assets (no CDN); headers, and so keys, never stored.
    renderGraphiQL: renderGraphiQLPage,
    graphiql: {
      title: "Teikyo",
      defaultQuery: DEFAULT_QUERY,
      headers: options.graphiqlHeaders ? JSON.stringify(options.graphiqlHeaders, null, 2) : undefined,
    },
  });
}

/** Yoga's log calls as JSON lines: the redacted description goes in one field. */
function pinoSink(log: Logger) {
  const line =
    (level: "info" | "warn" | "error") =>
    (...args: unknown[]) =>
      log[level]({ detail: args.map(String).join(" ") }, "gateway");
  return { info: line("info"), warn: line("warn"), error: line("error") };
}

const DEFAULT_QUERY = `# Teikyo: every query declares its purpose; you receive only the items
# your organisation may receive for it. Set your key under Headers.
query Delivery {
  viewer { label role recipient { name legalBasis scopes { purpose items } } }
  people(purpose: "delivery", first: 5) {
    edges { node { fullName postalCode prefecture address phone } }
    pageInfo { hasNextPage endCursor }
  }
}
`;
