/**
 * Scenario 1: the partner query (100 people x 8 fields with nested orders) over HTTP under
 * load, Teikyo against the control (bench/control-server.ts) on the same database, in
 * interleaved rounds. Targets (issue 13): Teikyo's p50 <= 0.8x the control's, throughput >= 1.25x.
 * A third variant, Teikyo executing on graphql-js instead of compiled queries (graphql-jit),
 * runs in the same rounds, so what compiled execution gains is measured on the same load.
 */
import { mkdirSync } from "node:fs";
import type { Engine } from "../lib/gw-databases.js";
import { type LoadResult, load, post } from "../lib/gw-load.js";
import { pagesOf, peopleRequest } from "../lib/gw-queries.js";
import { judged, type Figure } from "../lib/gw-report.js";
import { type ServerHandle, startServer, stopAll } from "../lib/gw-servers.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, ratio, round } from "../lib/gw-stats.js";

export const PEOPLE_PER_QUERY = 100;

const VARIANTS = ["teikyo", "interpreted", "control"] as const;
type Variant = (typeof VARIANTS)[number];

/** The smallest and largest of per-round ratios, e.g. "0.71-0.86". */
function spreadOf(ratios: number[]): string {
  const finite = ratios.filter((r) => Number.isFinite(r));
  return finite.length ? `${round(Math.min(...finite), 2)}-${round(Math.max(...finite), 2)}` : "n/a";
}

export interface VariantSummary {
  p50: number;
  p99: number;
  rps: number;
  rssMb: number;
  cpuMsPerRequest: number;
  rounds: LoadResult[];
}

export function summarize(rounds: LoadResult[]): VariantSummary {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    rps: round(median(rounds.map((r) => r.rps)), 1),
    rssMb: round(median(rounds.map((r) => r.rss)) / 2 ** 20, 1),
    cpuMsPerRequest: round(median(rounds.map((r) => r.cpuMicrosPerRequest)) / 1000, 3),
    rounds,
  };
}

export async function partnerQuery(engine: Engine, url: string, settings: Settings, profileDir: string) {
  const scenario = "1 partner query";
  const request = peopleRequest(PEOPLE_PER_QUERY);
  const servers: Record<Variant, ServerHandle | undefined> = {
    teikyo: undefined,
    interpreted: undefined,
    control: undefined,
  };
  try {
    if (settings.profile) mkdirSync(profileDir, { recursive: true });
    servers.teikyo = await startServer({
      name: `teikyo (${engine})`,
      file: "teikyo",
      options: { url },
      execArgv: settings.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    servers.interpreted = await startServer({
      name: `teikyo on graphql-js (${engine})`,
      file: "teikyo",
      options: { url, interpreted: true },
    });
    servers.control = await startServer({ name: `control (${engine})`, file: "control", options: { url } });
    const running = servers as Record<Variant, ServerHandle>;
    const people: Record<string, number> = {};
    for (const [name, server] of Object.entries(running)) {
      const { status, json } = await post(server.url, request);
      const [page] = pagesOf(server.name, status, json);
      people[name] = page?.edges.length ?? 0;
      if (people[name] !== PEOPLE_PER_QUERY)
        throw new Error(`${server.name}: ${people[name]} people, not ${PEOPLE_PER_QUERY}`);
    }
    const options = { seconds: settings.roundSeconds, connections: settings.connections };
    for (const server of Object.values(running))
      await load(server, request, { ...options, seconds: settings.warmupSeconds });
    const rounds = await interleaved(VARIANTS, settings.rounds, (v) => load(running[v], request, options));
    const teikyo = summarize(rounds.teikyo);
    const interpreted = summarize(rounds.interpreted);
    const control = summarize(rounds.control);
    const spread = (a: LoadResult[], b: LoadResult[], key: "p50" | "rps") =>
      `rounds ${spreadOf(a.map((r, i) => ratio(r[key], b[i]?.[key] ?? Number.NaN)))}`;
    const figures: Figure[] = [
      judged({
        scenario,
        engine,
        name: "p50 latency",
        value: teikyo.p50,
        unit: "ms",
        baseline: control.p50,
        baselineName: "control",
        ratio: ratio(teikyo.p50, control.p50),
        target: { op: "<=", value: 0.8 },
        note: spread(rounds.teikyo, rounds.control, "p50"),
      }),
      judged({
        scenario,
        engine,
        name: "throughput",
        value: teikyo.rps,
        unit: "req/s",
        baseline: control.rps,
        baselineName: "control",
        ratio: ratio(teikyo.rps, control.rps),
        target: { op: ">=", value: 1.25 },
        note: spread(rounds.teikyo, rounds.control, "rps"),
      }),
      ...(["p50", "rps"] as const).flatMap((key): Figure[] => {
        const name = key === "p50" ? "p50 latency" : "throughput";
        const unit = key === "p50" ? "ms" : "req/s";
        return [
          {
            scenario,
            engine,
            name: `${name}, on graphql-js`,
            value: interpreted[key],
            unit,
            baseline: control[key],
            baselineName: "control",
            ratio: ratio(interpreted[key], control[key]),
            note: spread(rounds.interpreted, rounds.control, key),
          },
          {
            scenario,
            engine,
            name: `${name}, compiled vs graphql-js`,
            value: teikyo[key],
            unit,
            baseline: interpreted[key],
            baselineName: "on graphql-js",
            ratio: ratio(teikyo[key], interpreted[key]),
            note: spread(rounds.teikyo, rounds.interpreted, key),
          },
        ];
      }),
      {
        scenario,
        engine,
        name: "p99 latency",
        value: teikyo.p99,
        unit: "ms",
        baseline: control.p99,
        baselineName: "control",
        ratio: ratio(teikyo.p99, control.p99),
      },
      {
        scenario,
        engine,
        name: "server CPU per request",
        value: teikyo.cpuMsPerRequest,
        unit: "ms",
        baseline: control.cpuMsPerRequest,
        baselineName: "control",
        ratio: ratio(teikyo.cpuMsPerRequest, control.cpuMsPerRequest),
      },
      {
        // CPU per request is the steadiest measure of the executor on a shared machine.
        scenario,
        engine,
        name: "server CPU per request, compiled vs graphql-js",
        value: teikyo.cpuMsPerRequest,
        unit: "ms",
        baseline: interpreted.cpuMsPerRequest,
        baselineName: "on graphql-js",
        ratio: ratio(teikyo.cpuMsPerRequest, interpreted.cpuMsPerRequest),
      },
      {
        scenario,
        engine,
        name: "RSS under load",
        value: teikyo.rssMb,
        unit: "MiB",
        baseline: control.rssMb,
        baselineName: "control",
        ratio: ratio(teikyo.rssMb, control.rssMb),
      },
    ];
    return {
      figures,
      details: {
        query: request.query,
        connections: settings.connections,
        secondsPerRound: settings.roundSeconds,
        teikyo,
        interpreted,
        control,
      },
    };
  } finally {
    await stopAll(Object.values(servers));
  }
}
