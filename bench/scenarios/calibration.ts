/**
 * Scenario 5: the machine's own ceiling, measured in the same run: a plain node:http
 * server and a bare graphql-yoga hello world under the same load as the partner query
 * (interleaved rounds), and the cold start of every server (process start to its first
 * answer: node and tsx start, imports, the Prisma client, the first query).
 */
import { performance } from "node:perf_hooks";
import type { Engine } from "../lib/gw-databases.js";
import { type GraphQLRequest, load, post } from "../lib/gw-load.js";
import { pagesOf, peopleRequest } from "../lib/gw-queries.js";
import type { Figure } from "../lib/gw-report.js";
import { type ServerHandle, type ServerSpec, startServer, stopAll } from "../lib/gw-servers.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, round } from "../lib/gw-stats.js";
import { summarize, type VariantSummary } from "./partner-query.js";

export const HELLO: GraphQLRequest = { query: "{ hello }" };

const CEILINGS = {
  "node:http": { name: "node:http", file: "calibration", args: ["node-http"] },
  "yoga hello": { name: "yoga hello", file: "calibration", args: ["yoga-hello"] },
} satisfies Record<string, ServerSpec>;

export async function ceilings(settings: Settings) {
  const scenario = "5 calibration";
  const servers: Partial<Record<keyof typeof CEILINGS, ServerHandle>> = {};
  try {
    for (const [key, spec] of Object.entries(CEILINGS))
      servers[key as keyof typeof CEILINGS] = await startServer(spec);
    const running = servers as Record<keyof typeof CEILINGS, ServerHandle>;
    const options = { seconds: settings.roundSeconds, connections: settings.connections };
    for (const server of Object.values(running))
      await load(server, HELLO, { ...options, seconds: settings.warmupSeconds });
    const rounds = await interleaved(["node:http", "yoga hello"] as const, settings.rounds, (v) =>
      load(running[v], HELLO, options),
    );
    const summary = {
      "node:http": summarize(rounds["node:http"]),
      "yoga hello": summarize(rounds["yoga hello"]),
    } as Record<keyof typeof CEILINGS, VariantSummary>;
    const figures: Figure[] = Object.entries(summary).flatMap(([name, s]) => [
      { scenario, engine: "-", name: `${name}: throughput`, value: s.rps, unit: "req/s" },
      {
        scenario,
        engine: "-",
        name: `${name}: p50 / p99 latency`,
        value: s.p50,
        unit: "ms",
        note: `p99 ${s.p99} ms`,
      },
      { scenario, engine: "-", name: `${name}: RSS under load`, value: s.rssMb, unit: "MiB" },
    ]);
    return { figures, summary };
  } finally {
    await stopAll(Object.values(servers));
  }
}

/** Fork to first answer, in milliseconds, and fork to listening. */
async function coldStart(
  spec: ServerSpec,
  request: GraphQLRequest,
): Promise<{ firstAnswerMs: number; listeningMs: number }> {
  let server: ServerHandle | undefined;
  try {
    server = await startServer(spec);
    const { status, json } = await post(server.url, request);
    const firstAnswerMs = performance.now() - server.forkedAt;
    if (status !== 200 || json.errors)
      throw new Error(`${spec.name}: first answer HTTP ${status} ${JSON.stringify(json.errors)}`);
    return { firstAnswerMs, listeningMs: server.listeningMs };
  } finally {
    await server?.stop();
  }
}

export async function coldStarts(engines: { engine: Engine; url: string }[], settings: Settings) {
  const scenario = "5 calibration";
  const specs: { key: string; spec: ServerSpec; request: GraphQLRequest; engine: string }[] = [
    { key: "node:http", spec: CEILINGS["node:http"], request: HELLO, engine: "-" },
    { key: "yoga hello", spec: CEILINGS["yoga hello"], request: HELLO, engine: "-" },
    ...engines.flatMap(({ engine, url }) => [
      {
        key: `teikyo|${engine}`,
        spec: { name: `teikyo (${engine})`, file: "teikyo" as const, options: { url } },
        request: peopleRequest(100),
        engine,
      },
      {
        key: `control|${engine}`,
        spec: { name: `control (${engine})`, file: "control" as const, options: { url } },
        request: peopleRequest(100),
        engine,
      },
    ]),
  ];
  // The first answers must be the real ones.
  for (const s of specs.filter((s) => s.engine !== "-")) {
    let server: ServerHandle | undefined;
    try {
      server = await startServer(s.spec);
      const { status, json } = await post(server.url, s.request);
      pagesOf(s.spec.name, status, json);
    } finally {
      await server?.stop();
    }
  }
  const results = await interleaved(
    specs.map((s) => s.key),
    settings.coldStarts,
    (key) => {
      const s = specs.find((x) => x.key === key) as (typeof specs)[number];
      return coldStart(s.spec, s.request);
    },
  );
  const ms = (key: string) => round(median((results[key] ?? []).map((r) => r.firstAnswerMs)), 0);
  const listening = (key: string) => round(median((results[key] ?? []).map((r) => r.listeningMs)), 0);
  const figures: Figure[] = [
    {
      scenario,
      engine: "-",
      name: "cold start to first answer: node:http",
      value: ms("node:http"),
      unit: "ms",
    },
    {
      scenario,
      engine: "-",
      name: "cold start to first answer: yoga hello",
      value: ms("yoga hello"),
      unit: "ms",
      baseline: ms("node:http"),
      baselineName: "node:http",
      ratio: round(ms("yoga hello") / ms("node:http"), 3),
    },
    ...engines.map(({ engine }) => ({
      scenario,
      engine,
      name: "cold start to first answer (100 people)",
      value: ms(`teikyo|${engine}`),
      unit: "ms",
      baseline: ms(`control|${engine}`),
      baselineName: "control",
      ratio: round(ms(`teikyo|${engine}`) / ms(`control|${engine}`), 3),
      note: `listening after ${listening(`teikyo|${engine}`)} ms (control ${listening(`control|${engine}`)} ms)`,
    })),
  ];
  return { figures, details: Object.fromEntries(Object.entries(results)) };
}
