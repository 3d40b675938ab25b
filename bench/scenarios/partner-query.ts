/**
 * Scenario 1: the partner query (100 people x 8 fields with nested orders) over HTTP under
 * load, Teikyo against the control (bench/control-server.ts) on the same database, in
 * interleaved rounds. Targets (issue 13): Teikyo's p50 <= 0.8x the control's, throughput >= 1.25x.
 * A third variant, Teikyo executing on graphql-js instead of compiled queries (graphql-jit),
 * runs in the same rounds, so what compiled execution gains is measured on the same load.
 * On PostgreSQL, when the postgraphile package is installed (`npm i --no-save
 * postgraphile@5.1.5`; it is no dependency), a fourth: the PostGraphile peer (bench/lib/gw-peer.ts),
 * what a user might pick instead of Teikyo, with column grants and row-level security but no
 * records and no purposes, asked for the same page. Its figures have no target (informational).
 */
import { mkdirSync } from "node:fs";
import type { Engine } from "../lib/gw-databases.js";
import { type LoadResult, load, post } from "../lib/gw-load.js";
import { peerPeopleRequest, pagesOf, peopleRequest } from "../lib/gw-queries.js";
import { peerProblem, peerUrl, preparePeer, removePeer } from "../lib/gw-peer.js";
import { judged, type Figure } from "../lib/gw-report.js";
import { type ServerHandle, startServer, stopAll } from "../lib/gw-servers.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, ratio, round } from "../lib/gw-stats.js";

export const PEOPLE_PER_QUERY = 100;

const VARIANTS = ["teikyo", "interpreted", "control"] as const;
type Variant = (typeof VARIANTS)[number] | "peer";

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
  /** PostgreSQL's CPU per request (NaN on SQLite, whose work is in the server's own CPU). */
  postgresCpuMsPerRequest: number;
  rounds: LoadResult[];
}

export function summarize(rounds: LoadResult[]): VariantSummary {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    rps: round(median(rounds.map((r) => r.rps)), 1),
    rssMb: round(median(rounds.map((r) => r.rss)) / 2 ** 20, 1),
    cpuMsPerRequest: round(median(rounds.map((r) => r.cpuMicrosPerRequest)) / 1000, 3),
    postgresCpuMsPerRequest: round(median(rounds.map((r) => r.postgresCpuMicrosPerRequest)) / 1000, 3),
    rounds,
  };
}

export async function partnerQuery(engine: Engine, url: string, settings: Settings, profileDir: string) {
  const scenario = "1 partner query";
  const request = peopleRequest(PEOPLE_PER_QUERY);
  const peerRequest = peerPeopleRequest(PEOPLE_PER_QUERY);
  const requestOf = (v: Variant) => (v === "peer" ? peerRequest : request);
  const servers: Partial<Record<Variant, ServerHandle>> = {};
  const problem = engine === "postgresql" ? peerProblem() : "PostgreSQL only";
  if (problem && engine === "postgresql") console.log(problem);
  let peerPrepared = false;
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
    if (!problem) {
      peerPrepared = true;
      try {
        await preparePeer(url);
        servers.peer = await startServer({
          name: `PostGraphile peer (${engine})`,
          file: "peer",
          options: { url: peerUrl(url) },
        });
      } catch (error) {
        // Optional: the scenario goes on without it.
        console.log(`PostGraphile peer skipped: it did not start (${String(error)})`);
      }
    }
    const variants: Variant[] = [...VARIANTS, ...(servers.peer ? (["peer"] as const) : [])];
    const running = servers as Record<Variant, ServerHandle>;
    const ids: Partial<Record<Variant, string[]>> = {};
    for (const v of variants) {
      const server = running[v];
      const { status, json } = await post(server.url, requestOf(v));
      const [page] = pagesOf(server.name, status, json);
      ids[v] = page?.edges.map((e) => e.node.id) ?? [];
      if (ids[v].length !== PEOPLE_PER_QUERY)
        throw new Error(`${server.name}: ${ids[v].length} people, not ${PEOPLE_PER_QUERY}`);
    }
    // The peer's row-level security approximates Teikyo's inclusion rule: does it give the same people?
    const peerSamePeople = ids.peer ? ids.peer.join() === ids.teikyo?.join() : undefined;
    if (peerSamePeople === false) console.log("PostGraphile peer: not the same 100 people as Teikyo");
    const options = { seconds: settings.roundSeconds, connections: settings.connections };
    for (const v of variants)
      await load(running[v], requestOf(v), { ...options, seconds: settings.warmupSeconds });
    const rounds = await interleaved(variants, settings.rounds, (v) =>
      load(running[v], requestOf(v), options),
    );
    const teikyo = summarize(rounds.teikyo);
    const interpreted = summarize(rounds.interpreted);
    const control = summarize(rounds.control);
    const peer = rounds.peer ? summarize(rounds.peer) : undefined;
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
      ...(engine === "postgresql"
        ? [
            {
              // Where the rest of a request's cost is: the database server's processes.
              scenario,
              engine,
              name: "PostgreSQL CPU per request",
              value: teikyo.postgresCpuMsPerRequest,
              unit: "ms",
              baseline: control.postgresCpuMsPerRequest,
              baselineName: "control",
              ratio: ratio(teikyo.postgresCpuMsPerRequest, control.postgresCpuMsPerRequest),
            },
          ]
        : []),
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
      // The PostGraphile peer: no target, informational (it writes no records, knows no purposes).
      ...(["p50", "rps", "cpuMsPerRequest"] as const).flatMap((key): Figure[] => {
        if (!peer || !rounds.peer) return [];
        const name = { p50: "p50 latency", rps: "throughput", cpuMsPerRequest: "server CPU per request" }[
          key
        ];
        const unit = { p50: "ms", rps: "req/s", cpuMsPerRequest: "ms" }[key];
        const roundsOf = (a: LoadResult[], b: LoadResult[]) =>
          key === "cpuMsPerRequest" ? undefined : spread(a, b, key);
        return [
          {
            scenario,
            engine,
            name: `${name}, PostGraphile peer`,
            value: peer[key],
            unit,
            baseline: control[key],
            baselineName: "control",
            ratio: ratio(peer[key], control[key]),
            note: roundsOf(rounds.peer, rounds.control),
          },
          {
            scenario,
            engine,
            name: `${name}, Teikyo vs PostGraphile peer`,
            value: teikyo[key],
            unit,
            baseline: peer[key],
            baselineName: "PostGraphile peer",
            ratio: ratio(teikyo[key], peer[key]),
            note: roundsOf(rounds.teikyo, rounds.peer),
          },
        ];
      }),
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
        ...(peer ? { peer: { query: peerRequest.query, samePeopleAsTeikyo: peerSamePeople, ...peer } } : {}),
      },
    };
  } finally {
    await stopAll(Object.values(servers));
    if (peerPrepared)
      await removePeer(url).catch((error) =>
        console.log(`PostGraphile peer: not removed (${String(error)})`),
      );
  }
}
