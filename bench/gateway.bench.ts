/**
 * The gateway benchmark: Teikyo against a control and the machine's own ceiling, on
 * PostgreSQL and SQLite, every comparison made in interleaved rounds of one run and
 * reported as a ratio (absolute times on shared machines are noisy).
 *
 *   npm run bench                 full run (about 15 minutes; the first one also makes the
 *                                 10M-row records databases, which later runs reuse)
 *   npm run bench -- gateway --quick        smoke run, about 3 minutes (BENCH_QUICK=1)
 *   npm run bench -- gateway --profile    also profile the Teikyo server under the partner-query
 *                                 load (node --cpu-prof) and print where its time goes
 *
 * Scenarios (bench/scenarios/):
 *   1. partner-query.ts      100 people x 8 fields with orders over HTTP under load, vs a bare
 *                            graphql-yoga + Prisma control (bench/control-server.ts); on
 *                            PostgreSQL also the PostGraphile peer, if installed (below)
 *   2. record-writing.ts     provision records per second vs a raw multi-row INSERT
 *   3. disclosure-lookup.ts  one person's records among 10,000 and 10,000,000 rows
 *   4. scaling.ts            1 to 1,000 people per request: cost per person, round trips
 *   5. calibration.ts        node:http and yoga hello-world ceilings, cold starts, memory
 *
 * The PostGraphile peer (optional, PostgreSQL only; bench/lib/gw-peer.ts): what a user might
 * pick instead of Teikyo, PostGraphile 5 over the same database as a role with column grants
 * and row-level security, no provision records and no purposes. postgraphile is not a
 * dependency: `npm i --no-save postgraphile@5.1.5` includes it in scenario 1's rounds
 * (reported as ratios to the control and to Teikyo, no target); without it one line says it
 * was skipped and the rest runs as before.
 *
 * Servers run in child processes (bench/lib/gw-servers.ts); the load (autocannon) comes
 * from this one. Results: bench/results/latest.json and the table printed at the end.
 * Exit code 1 when round trips grow with the people per request (an N+1), or, with
 * --strict (BENCH_STRICT=1), when any target is missed.
 *
 * Environment:
 *   BENCH_PG_URL           PostgreSQL server (default postgresql://postgres@127.0.0.1:5432);
 *                          the benchmark creates and drops databases named teikyo_bench_*
 *   BENCH_ENGINES          postgresql,sqlite (default) or one of them
 *   BENCH_LARGE_RECORDS    rows of the large records table (default 10,000,000; quick 1,000,000)
 *   BENCH_CACHE_DIR        SQLite files (default node_modules/.cache/teikyo-bench)
 *   BENCH_REBUILD=1        make the kept records databases again
 *   BENCH_KEEP=1           keep this run's gateway and write databases afterwards
 *   BENCH_ROUNDS, BENCH_ROUND_SECONDS, BENCH_CONNECTIONS   load rounds (default 5 x 3 s, 8)
 *   BENCH_WRITE_EVENTS     events per record-writing round (default 50; quick 20): more
 *                          makes each of its 7 rounds longer and steadier
 *   BENCH_SCENARIOS        some of calibration,partner-query,scaling,record-writing,
 *                          disclosure-lookup (default all), e.g. BENCH_SCENARIOS=partner-query
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { newestProfile, printProfile, summarizeProfile, type ProfileSummary } from "./lib/gw-cpu-profile.js";
import {
  dropDatabase,
  dropTemplates,
  type Engine,
  pgBase,
  postgresProblem,
  prepareGatewayDb,
} from "./lib/gw-databases.js";
import { type Figure, printTable } from "./lib/gw-report.js";
import { type Scenario, settingsFrom } from "./lib/gw-settings.js";
import { round } from "./lib/gw-stats.js";
import { ceilings, coldStarts } from "./scenarios/calibration.js";
import { disclosureLookup } from "./scenarios/disclosure-lookup.js";
import { partnerQuery } from "./scenarios/partner-query.js";
import { recordWriting } from "./scenarios/record-writing.js";
import { scaling } from "./scenarios/scaling.js";
import { benchDbName } from "./lib/bench-env.js";

// The load must not be rate-limited (requests, people and requests in progress per key); the
// limiters still run on every request.
process.env.TEIKYO_RATE_LIMIT_PER_KEY ||= "1000000000";
process.env.TEIKYO_PEOPLE_LIMIT_PER_KEY ||= "1000000000";
process.env.TEIKYO_CONCURRENT_PER_KEY ||= "1000";
// Reference data (keys, recipients, notices) is cached for TEIKYO_REFERENCE_TTL_MS; on a
// loaded machine requests outlast the default and every one reloads it, so the statements
// counted per request (scenario 4) would measure the load, not the query.
process.env.TEIKYO_REFERENCE_TTL_MS ||= "600000";

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, "results");
const settings = settingsFrom(process.argv.slice(2));
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
const log = (line: string) => console.log(line);
const shownPg = () => {
  const u = new URL(pgBase());
  if (u.password) u.password = "***";
  return u.toString();
};

log(`Teikyo gateway benchmark (${settings.quick ? "quick" : "full"}), ${settings.engines.join(" and ")}`);
if (settings.engines.includes("postgresql")) {
  const problem = await postgresProblem();
  if (problem) {
    console.error(`PostgreSQL at ${shownPg()} does not answer: ${problem}
Start it, point BENCH_PG_URL at one, or run on SQLite only with BENCH_ENGINES=sqlite.`);
    process.exit(1);
  }
}

const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const profiles: Record<string, ProfileSummary> = {};
const gateways: { engine: Engine; url: string }[] = [];
let failure: unknown;

try {
  for (const engine of settings.engines) {
    const t = performance.now();
    gateways.push({ engine, url: await prepareGatewayDb(engine) });
    log(`[${elapsed()}] ${engine}: gateway database ready in ${round((performance.now() - t) / 1000, 1)} s`);
  }

  const runs = (s: Scenario) => settings.scenarios.has(s);
  let calibration: Awaited<ReturnType<typeof ceilings>> | undefined;
  if (runs("calibration")) {
    log(`[${elapsed()}] 5 calibration: node:http and yoga hello under load`);
    calibration = await ceilings(settings);
    figures.push(...calibration.figures);
    details.calibration = calibration.summary;
  }

  for (const { engine, url } of gateways) {
    const perEngine: Record<string, unknown> = {};
    details[engine] = perEngine;

    if (runs("partner-query")) {
      log(
        `[${elapsed()}] 1 partner query on ${engine}: ${settings.rounds} rounds x ${settings.roundSeconds} s per server`,
      );
      const profileDir = join(resultsDir, "profiles", engine);
      const s1 = await partnerQuery(engine, url, settings, profileDir);
      figures.push(...s1.figures);
      perEngine.partnerQuery = s1.details;
      for (const [name, ceiling] of Object.entries(calibration?.summary ?? {})) {
        figures.push({
          scenario: "5 calibration",
          engine,
          name: `Teikyo partner-query throughput vs ${name}`,
          value: s1.details.teikyo.rps,
          unit: "req/s",
          baseline: ceiling.rps,
          baselineName: name,
          ratio: round(s1.details.teikyo.rps / ceiling.rps, 3),
        });
      }
      if (settings.profile) {
        const file = newestProfile(profileDir);
        if (file) {
          profiles[engine] = summarizeProfile(file);
          log(printProfile(profiles[engine]));
        }
      }
    }

    if (runs("scaling")) {
      log(`[${elapsed()}] 4 scaling on ${engine}`);
      const s4 = await scaling(engine, url, settings);
      figures.push(...s4.figures);
      perEngine.scaling = s4.details;
    }

    if (runs("record-writing")) {
      log(`[${elapsed()}] 2 record writing on ${engine}`);
      const s2 = await recordWriting(engine, settings);
      figures.push(...s2.figures);
      perEngine.recordWriting = s2.details;
    }

    if (runs("disclosure-lookup")) {
      log(`[${elapsed()}] 3 disclosure lookup on ${engine}`);
      const s3 = await disclosureLookup(engine, settings, log);
      figures.push(...s3.figures);
      perEngine.disclosureLookup = s3.details;
    }
  }

  if (runs("calibration")) {
    log(`[${elapsed()}] 5 calibration: cold starts`);
    const cold = await coldStarts(gateways, settings);
    figures.push(...cold.figures);
    details.coldStarts = cold.details;
  }
} catch (error) {
  failure = error;
} finally {
  if (!["1", "on", "true", "yes"].includes((process.env.BENCH_KEEP ?? "").toLowerCase())) {
    for (const { engine } of gateways) {
      await dropDatabase(engine, benchDbName("gateway")).catch(() => undefined);
      await dropDatabase(engine, benchDbName("write")).catch(() => undefined);
    }
  }
  await dropTemplates().catch(() => undefined);
}

const order = (f: Figure) => `${f.scenario}|${f.engine === "-" ? "" : f.engine}`;
const sorted = [...figures].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
const results = {
  date: new Date().toISOString(),
  mode: settings.quick ? "quick" : "full",
  completed: failure === undefined,
  error: failure === undefined ? undefined : String((failure as Error).stack ?? failure),
  seconds: Math.round((performance.now() - started) / 1000),
  machine: {
    platform: `${platform()} ${arch()}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
    node: process.version,
  },
  settings: { ...settings, pg: shownPg() },
  figures: sorted,
  details,
  profiles,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);

log("");
log(printTable(sorted));
const notes = sorted.filter((f) => f.note).map((f) => `  ${f.scenario} ${f.engine} ${f.name}: ${f.note}`);
if (notes.length) log(["", "Notes:", ...notes].join("\n"));
log(
  `\nResults: bench/results/latest.json (${results.seconds} s, load average ${results.machine.loadAverageAtEnd.join(" ")})`,
);

const failed = sorted.filter((f) => f.status === "FAIL");
const missed = sorted.filter((f) => f.status === "MISS");
if (failure) {
  console.error("\nThe benchmark did not complete:", failure);
  process.exit(1);
}
if (failed.length) {
  console.error(
    `\nFAIL (requests not answered, or SQL round trips growing with the people per request):\n${failed
      .map((f) => `  ${f.engine} ${f.name}${f.note ? `: ${f.note}` : ""}`)
      .join("\n")}`,
  );
  process.exit(1);
}
if (missed.length) log(`${missed.length} target(s) missed${settings.strict ? " (--strict: exit 1)" : ""}.`);
process.exit(settings.strict && missed.length ? 1 : 0);
