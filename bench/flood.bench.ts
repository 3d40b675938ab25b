/**
 * Flood benchmark: can one partner key starve the others? A real Teikyo server process (the
 * default limits: requests and people per key per minute, people per operation) serves one
 * partner that floods with the most expensive operation it may send (two root `people`
 * fields of `first: $n = 500`, all its items with orders: 1,000 people, the per-operation
 * cap) on many connections, while another partner sends a steady light query. Reported:
 * the light key's p50/p99 alone (baseline) and under the flood (target: p50 within 2x),
 * the flood's answers by status, and the server's RSS.
 *
 *   npm run bench:flood               20 s baseline, 25 s flood per database and variant
 *   npm run bench:flood -- --quick    CI smoke run: SQLite, a few seconds of each
 *   npm run bench:flood -- --profile  also print where the server's CPU time went
 *   npm run bench:flood -- --limits-only   only the "limits" variant
 *
 * Variants: "limits" (the defaults) and, unless quick, "no people limit"
 * (TEIKYO_PEOPLE_LIMIT_PER_KEY set out of reach), to show what the per-minute limit adds
 * to the per-operation cap. Environment: BENCH_ENGINES (sqlite,postgresql by default;
 * quick: sqlite), BENCH_PG_URL, BENCH_FLOOD_CONNECTIONS (20), BENCH_FLOOD_SECONDS,
 * BENCH_BASELINE_SECONDS. Results: bench/results/flood.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { DEMO_KEYS, demoKeyString } from "../src/demo/keys.js";
import {
  dropDatabase,
  dropTemplates,
  type Engine,
  postgresProblem,
  prepareGatewayDb,
} from "./lib/gw-databases.js";
import { newestProfile, printProfile, summarizeProfile } from "./lib/gw-cpu-profile.js";
import { post, requestBody } from "./lib/gw-load.js";
import { type ServerHandle, startServer } from "./lib/gw-servers.js";
import { median, round, sleep } from "./lib/gw-stats.js";
import { benchDbName } from "./lib/bench-env.js";
import { quick } from "./lib/bench-env.js";

const argv = process.argv.slice(2);
const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]?.trim() || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer.`);
  return value;
};
const engines = (process.env.BENCH_ENGINES?.trim() || (quick ? "sqlite" : "sqlite,postgresql"))
  .split(",")
  .map((e) => e.trim()) as Engine[];
const FLOOD_CONNECTIONS = int("BENCH_FLOOD_CONNECTIONS", quick ? 8 : 20);
const FLOOD_SECONDS = int("BENCH_FLOOD_SECONDS", quick ? 3 : 25);
const BASELINE_SECONDS = int("BENCH_BASELINE_SECONDS", quick ? 2 : 20);
/** The light key paces itself under its own request limit (600 a minute): one every 150 ms. */
const LIGHT_INTERVAL_MS = 150;
const DATABASE = benchDbName("flood");
const profile = argv.includes("--profile");
const limitsOnly = argv.includes("--limits-only");
const profileDir = join(dirname(fileURLToPath(import.meta.url)), "results", "profiles", "flood");

const keyOf = (recipient: string) => {
  const key = DEMO_KEYS.find((k) => k.recipientId === recipient);
  if (!key) throw new Error(`no demo key for ${recipient}`);
  return { authorization: `Bearer ${demoKeyString(key)}` };
};
const FLOODER = keyOf("hayate-logistics");
const LIGHT = {
  query: `query Light { people(purpose: "customer_support", first: 5) { edges { node { fullName } } } }`,
  headers: keyOf("kumo-support"),
};
const FIELDS =
  "edges { node { id fullName postalCode prefecture address phone orders { orderedAt product } } } pageInfo { endCursor }";
const flood = (cursor: string) => ({
  query: `query Flood($n: Int, $after: String) { a: people(purpose: "delivery", first: $n) { ${FIELDS} } b: people(purpose: "delivery", first: $n, after: $after) { ${FIELDS} } }`,
  variables: { n: 500, after: cursor },
  headers: FLOODER,
});

interface Latencies {
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;

/** The light key's steady query, paced, until `until` resolves. */
async function lightLoad(url: string, seconds: number): Promise<Latencies> {
  const times: number[] = [];
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  let next = performance.now();
  while (performance.now() < end) {
    const started = performance.now();
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...LIGHT.headers },
      body: requestBody(LIGHT),
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) failed++;
    times.push(performance.now() - started);
    next += LIGHT_INTERVAL_MS;
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    else next = performance.now();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 0.5), 1),
    p99: round(percentile(sorted, 0.99), 1),
    requests: times.length,
    failed,
  };
}

async function rssDuring<T>(
  server: ServerHandle,
  work: Promise<T>,
): Promise<{ result: T; rss: number; rssMax: number }> {
  const samples: number[] = [];
  const timer = setInterval(() => {
    server.stats().then(
      (s) => samples.push(s.rss),
      () => undefined,
    );
  }, 250);
  try {
    const result = await work;
    samples.push((await server.stats()).rss);
    return { result, rss: median(samples), rssMax: Math.max(...samples) };
  } finally {
    clearInterval(timer);
  }
}

const MiB = (bytes: number) => round(bytes / 2 ** 20, 0);

async function variant(engine: Engine, url: string, name: string, env: Record<string, string>) {
  Object.assign(process.env, env);
  const server = await startServer({
    name: `teikyo (${engine}, ${name})`,
    file: "teikyo",
    options: { url },
    execArgv: profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  try {
    // Warm up both keys' paths (reference caches, prepared plans).
    const first = await post(server.url, {
      query: `{ people(purpose: "delivery", first: 500) { ${FIELDS} } }`,
      headers: FLOODER,
    });
    const cursor = (first.json.data as { people?: { pageInfo: { endCursor: string } } } | undefined)?.people
      ?.pageInfo.endCursor;
    if (!cursor)
      throw new Error(
        `the first page failed: HTTP ${first.status} ${JSON.stringify(first.json).slice(0, 400)}`,
      );
    await lightLoad(server.url, 1);
    const idle = await server.stats();
    const baseline = await rssDuring(server, lightLoad(server.url, BASELINE_SECONDS));
    const request = flood(cursor);
    const flooding = autocannon({
      url: server.url,
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: requestBody(request),
      connections: FLOOD_CONNECTIONS,
      duration: FLOOD_SECONDS,
      timeout: 120,
    });
    // The light key starts once the flood is under way, and stops before it ends.
    await sleep(1000);
    const under = await rssDuring(server, lightLoad(server.url, Math.max(1, FLOOD_SECONDS - 2)));
    const floodResult = await flooding;
    const row = {
      engine,
      variant: name,
      baseline: baseline.result,
      underFlood: under.result,
      p50Ratio: round(under.result.p50 / baseline.result.p50, 2),
      p99Ratio: round(under.result.p99 / baseline.result.p99, 2),
      flood: {
        connections: FLOOD_CONNECTIONS,
        seconds: FLOOD_SECONDS,
        ok: floodResult["2xx"],
        refused: floodResult["4xx"],
        other: floodResult["5xx"] + floodResult.errors + floodResult.timeouts,
        peopleProvided: floodResult["2xx"] * 1000,
      },
      rssMiB: {
        idle: MiB(idle.rss),
        baseline: MiB(baseline.rss),
        underFlood: MiB(under.rss),
        max: MiB(under.rssMax),
      },
    };
    return row;
  } finally {
    await server.stop();
    const file = profile ? newestProfile(profileDir) : null;
    if (file) console.log(printProfile(summarizeProfile(file)));
  }
}

const rows: Awaited<ReturnType<typeof variant>>[] = [];
const started = performance.now();
try {
  for (const engine of engines) {
    if (engine === "postgresql") {
      const problem = await postgresProblem();
      if (problem) {
        console.error(`PostgreSQL does not answer (${problem}): skipped.`);
        continue;
      }
    }
    const url = await prepareGatewayDb(engine, DATABASE);
    console.log(`${engine}: database ready (${round((performance.now() - started) / 1000, 0)} s)`);
    rows.push(await variant(engine, url, "limits", {}));
    console.log(JSON.stringify(rows.at(-1)));
    if (!quick && !limitsOnly) {
      rows.push(await variant(engine, url, "no people limit", { TEIKYO_PEOPLE_LIMIT_PER_KEY: "1000000000" }));
      console.log(JSON.stringify(rows.at(-1)));
      delete process.env.TEIKYO_PEOPLE_LIMIT_PER_KEY;
    }
  }
} finally {
  for (const engine of engines) await dropDatabase(engine, DATABASE).catch(() => undefined);
  await dropTemplates().catch(() => undefined);
}

console.log("\nLight key (kumo-support, 5 people every 150 ms) alone and under a flood by another key");
console.log(
  "engine      variant          base p50  p99   flood p50  p99    p50 x  p99 x  flood ok/429/other   RSS MiB idle/flood/max",
);
for (const r of rows) {
  console.log(
    [
      r.engine.padEnd(11),
      r.variant.padEnd(16),
      String(r.baseline.p50).padStart(8),
      String(r.baseline.p99).padStart(6),
      String(r.underFlood.p50).padStart(10),
      String(r.underFlood.p99).padStart(6),
      String(r.p50Ratio).padStart(7),
      String(r.p99Ratio).padStart(6),
      `  ${r.flood.ok}/${r.flood.refused}/${r.flood.other}`.padEnd(21),
      `${r.rssMiB.idle}/${r.rssMiB.underFlood}/${r.rssMiB.max}`,
    ].join(" "),
  );
}
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(
  join(here, "results", "flood.json"),
  `${JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 2)}\n`,
);
const missed = rows.filter((r) => r.variant === "limits" && !(r.p50Ratio <= 2));
const lightFailed = rows.filter((r) => r.underFlood.failed > 0 || r.baseline.failed > 0);
if (lightFailed.length)
  console.error(`The light key got errors: ${lightFailed.map((r) => r.engine).join(", ")}`);
if (missed.length) console.log(`Target missed (p50 within 2x) on: ${missed.map((r) => r.engine).join(", ")}`);
process.exit(lightFailed.length || rows.length === 0 ? 1 : 0);
