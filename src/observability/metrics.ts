/**
 * Prometheus metrics: The Guild's yoga plugin for GraphQL timings and errors, plus
 * Teikyo's own (provisions and people provided by recipient, purpose and ground; refusals
 * by code and reason; record-write latency, group sizes and failures; rate-limit
 * refusals; differential-privacy epsilon spent by dataset and analyst key). Labels are
 * catalog codes, error codes and key ids only: never a person, a key's secret or a variable. Served at GET /metrics to admin keys, or on a separate port (TEIKYO_METRICS).
 */
import { refusedEarlyBy } from "../hardening/refused-keys.js";
import { usePrometheus } from "@graphql-yoga/plugin-prometheus";
import type { Plugin } from "graphql-yoga";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { type RecordObserver, recordObservers } from "../modules/records/write-provisions.js";
import { type EpsilonSpend, epsilonObservers } from "../modules/statistics/epsilon-observers.js";

export interface Metrics {
  registry: Registry;
  plugins: Plugin[];
  close(): void;
}

const REFUSAL_CODES = new Set([
  "PROVISION_DENIED",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "RATE_LIMITED",
  "QUERY_LIMIT_EXCEEDED",
  "BAD_USER_INPUT",
  "STATISTICS_REFUSED",
  "PROVISION_RECORD_FAILED",
  "SERVICE_UNAVAILABLE",
  "NOT_FOUND",
]);

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "teikyo_process_" });
  const provisions = new Counter({
    name: "teikyo_provisions_total",
    help: "Provision events recorded (one per root field that provided personal data)",
    labelNames: ["recipient", "purpose", "ground"],
    registers: [registry],
  });
  const people = new Counter({
    name: "teikyo_people_provided_total",
    help: "People whose data was provided, summed over provision events",
    labelNames: ["recipient", "purpose", "ground"],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "teikyo_refusals_total",
    help: "Requests refused, by error code and reason (or limit)",
    labelNames: ["code", "reason"],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "teikyo_rate_limit_refusals_total",
    help: "Requests refused by a rate limit",
    labelNames: ["limit"],
    registers: [registry],
  });
  const writeSeconds = new Histogram({
    name: "teikyo_record_write_seconds",
    help: "Time to commit one group of provision records",
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const groupSize = new Histogram({
    name: "teikyo_record_group_events",
    help: "Provision events committed together in one transaction (group commit)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [registry],
  });
  const failures = new Counter({
    name: "teikyo_record_failures_total",
    help: "Provision events whose record could not be written (their data was not sent)",
    registers: [registry],
  });

  const epsilonSpent = new Counter({
    name: "teikyo_statistics_epsilon_spent_total",
    help: "Differential-privacy epsilon spent by answered statistics queries, by dataset (statistics purpose), analyst key id and mechanism",
    labelNames: ["dataset", "key", "mechanism"],
    registers: [registry],
  });
  const onSpend = (spend: EpsilonSpend) =>
    epsilonSpent.inc({ dataset: spend.purpose, key: spend.keyId, mechanism: spend.mechanism }, spend.epsilon);
  epsilonObservers.add(onSpend);

  const observer: RecordObserver = {
    committed(drafts, seconds, size) {
      writeSeconds.observe(seconds);
      groupSize.observe(size);
      for (const { event, people: rows } of drafts) {
        const labels = { recipient: event.recipientId, purpose: event.purposeCode, ground: event.ground };
        provisions.inc(labels);
        people.inc(labels, rows.length);
      }
    },
    failed(drafts) {
      failures.inc(drafts.length);
    },
  };
  recordObservers.add(observer);

  const countRefusals: Plugin = {
    onResultProcess({ result }) {
      if (Array.isArray(result) || !result || typeof result !== "object" || !("errors" in result)) return;
      const seen = new Set<string>();
      for (const error of result.errors ?? []) {
        const ext = (error as { extensions?: Record<string, unknown> }).extensions ?? {};
        const code = typeof ext.code === "string" ? ext.code : "";
        if (!REFUSAL_CODES.has(code)) continue;
        const reason = String(ext.reason ?? ext.limit ?? "");
        if (seen.has(`${code}/${reason}`)) continue;
        seen.add(`${code}/${reason}`);
        refusals.inc({ code, reason });
        if (code === "RATE_LIMITED") rateLimited.inc({ limit: reason });
      }
    },
    // A key refused a moment ago is refused again before its request is read (no result).
    onResponse({ request }) {
      const limit = refusedEarlyBy(request);
      if (!limit) return;
      refusals.inc({ code: "RATE_LIMITED", reason: limit });
      rateLimited.inc({ limit });
    },
  };

  return {
    registry,
    plugins: [
      usePrometheus({
        registry,
        endpoint: false,
        metrics: {
          graphql_yoga_http_duration: true,
          graphql_envelop_request_duration: true,
          graphql_envelop_phase_validate: true,
          graphql_envelop_phase_execute: true,
          graphql_envelop_error_result: true,
        },
      }),
      countRefusals,
    ],
    close() {
      recordObservers.delete(observer);
      epsilonObservers.delete(onSpend);
    },
  };
}

/** The exposition, as a Response. */
export async function metricsResponse(registry: Registry): Promise<Response> {
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
