/**
 * Scenario 6 (PostgreSQL): sharded record chains at scale.
 *  a. Record throughput with 1, 2 and 4 writer processes on one database (each a gateway
 *     replica's record path: Teikyo's writer, group commit, its own recipients), with
 *     TEIKYO_RECORD_CHAINS chains: events per second, p99 latency, and how many sessions
 *     were seen waiting on a lock (sampled every 50 ms). Target: 4 processes >= 2.5x one.
 *  b. `records verify` time over a large history: full (every chain walked) and incremental
 *     (from the latest checkpoint, the events of the last interval only).
 */
import { fork } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "../../src/db/client.js";
import { takeCheckpoint } from "../../src/modules/records/checkpoints/take-checkpoint.js";
import { chainsOf } from "../../src/modules/records/checkpoints/checkpoint.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { dropDatabase, freshDatabase } from "../lib/gw-databases.js";
import type { Figure } from "../lib/gw-report.js";
import { round } from "../lib/gw-stats.js";
import { benchDbName } from "../lib/bench-env.js";
import { sampleDraft } from "../../test/provision-drafts.js";

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, "..", "lib", "gw-chain-writer-child.ts");

export interface ChainSettings {
  chains: number;
  seconds: number;
  concurrency: number;
  /** Events in the verify history. */
  history: number;
  /** Events written after the checkpoint, for the incremental verify. */
  recent: number;
}

function child(url: string, recipients: string[], s: ChainSettings, chains: number) {
  return new Promise<{ events: number; seconds: number; latencies: number[] }>((resolve, reject) => {
    const p = fork(CHILD, [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        TEIKYO_RECORD_CHAINS: String(chains),
        DATABASE_POOL_SIZE: String(s.concurrency + 2),
      },
    });
    p.once("message", (m) => resolve(m as { events: number; seconds: number; latencies: number[] }));
    p.once("error", reject);
    p.once("exit", (code) => (code ? reject(new Error(`writer exited with ${code}`)) : undefined));
    p.send({ url, recipients, concurrency: s.concurrency, seconds: s.seconds });
  });
}

async function writers(url: string, processes: number, s: ChainSettings) {
  const sampler = new pg.Client({ connectionString: url });
  await sampler.connect();
  let samples = 0;
  let waiting = 0;
  const timer = setInterval(() => {
    void sampler
      .query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      )
      .then((r) => {
        samples++;
        waiting += Number(r.rows[0]?.n ?? 0);
      })
      .catch(() => undefined);
  }, 50);
  const runs = await Promise.all(
    Array.from({ length: processes }, (_, p) =>
      child(
        url,
        Array.from({ length: 4 }, (_, r) => `bench-recipient-${p}-${r}`),
        s,
        s.chains,
      ),
    ),
  );
  clearInterval(timer);
  await sampler.end();
  const events = runs.reduce((n, r) => n + r.events, 0);
  const seconds = Math.max(...runs.map((r) => r.seconds));
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    processes,
    eventsPerSecond: round(events / seconds, 0),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0, 1),
    meanLockWaiters: round(samples ? waiting / samples : 0, 2),
  };
}

/** A history of `events` valid chain events, written fast through the writer in one process. */
async function history(url: string, events: number, chains: number) {
  const previous = process.env.TEIKYO_RECORD_CHAINS;
  process.env.TEIKYO_RECORD_CHAINS = String(chains);
  const { writeProvisions } = await import("../../src/modules/records/write-provisions.js");
  const db = await createDb(url);
  const at = new Date();
  const keep = new Date(at.getTime() + 3 * 365 * 86_400_000);
  const batch = 64;
  for (let done = 0; done < events; done += batch * 8) {
    await Promise.all(
      Array.from({ length: 8 }, (_, r) =>
        writeProvisions(
          db,
          Array.from({ length: batch }, () => {
            const id = randomUUID();
            return sampleDraft(`history-${r}`, {
              event: { id, requestId: id, at, apiKeyId: "bench", keepUntil: keep },
              people: [{ personId: "C000001", items: ["full_name"], consentId: null }],
            });
          }),
        ),
      ),
    );
  }
  if (previous === undefined) delete process.env.TEIKYO_RECORD_CHAINS;
  else process.env.TEIKYO_RECORD_CHAINS = previous;
  return db;
}

export async function recordChains(s: ChainSettings, log: (line: string) => void) {
  const scenario = "6 record chains";
  const figures: Figure[] = [];
  const throughput = [];
  for (const processes of [1, 2, 4]) {
    const url = await freshDatabase("postgresql", benchDbName("chains"));
    throughput.push(await writers(url, processes, s));
    log(`  ${processes} writer process(es): ${JSON.stringify(throughput.at(-1))}`);
  }
  const one = throughput[0]!.eventsPerSecond;
  for (const t of throughput)
    figures.push({
      scenario,
      engine: "postgresql",
      name: `record throughput, ${t.processes} writer process(es), ${s.chains} chains (p99 ${t.p99Ms} ms, lock waiters ${t.meanLockWaiters})`,
      value: t.eventsPerSecond,
      unit: "events/s",
      baseline: one,
      baselineName: "1 process",
      ratio: round(t.eventsPerSecond / one, 2),
    });

  const url = await freshDatabase("postgresql", benchDbName("chains"));
  let t = performance.now();
  const db = await history(url, s.history, s.chains);
  log(`  history of ${s.history} events written in ${round((performance.now() - t) / 1000, 1)} s`);
  const { privateKey } = generateKeyPairSync("ed25519");
  const checkpoint = await takeCheckpoint(db, privateKey, []);
  await (await history(url, s.recent, s.chains)).$disconnect();
  t = performance.now();
  const full = await verifyChain(db);
  const fullSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const from = new Map(chainsOf(checkpoint).map((c) => [c.chain, { seq: c.seq, hash: c.hash }]));
  const incremental = await verifyChain(db, { from });
  const incrementalSeconds = (performance.now() - t) / 1000;
  if (full.problems.length || incremental.problems.length) throw new Error("the bench chain does not verify");
  figures.push(
    {
      scenario,
      engine: "postgresql",
      name: `full verify, ${full.events} events in ${full.chains} chains`,
      value: round(fullSeconds, 2),
      unit: "s",
      note: `${round(full.events / fullSeconds, 0)} events/s`,
    },
    {
      scenario,
      engine: "postgresql",
      name: `incremental verify, ${incremental.events} events after the checkpoint`,
      value: round(incrementalSeconds, 3),
      unit: "s",
    },
  );
  await db.$disconnect();
  await dropDatabase("postgresql", benchDbName("chains"));
  return {
    figures,
    details: {
      throughput,
      full: { events: full.events, seconds: fullSeconds },
      incremental: { events: incremental.events, seconds: incrementalSeconds },
    },
  };
}
