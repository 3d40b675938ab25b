/**
 * What storing a refused provision costs the partner: a refused request through yoga.fetch
 * with its refusal stored, next to the same request with the log's write made a no-op, and
 * an allowed request (which writes no refusal), in interleaved rounds on an embedded SQLite
 * demo database, or on PostgreSQL with BENCH_PG_URL (a database it may fill). The answer
 * does not wait for the write; each round waits for its writes before the next, so that
 * they load the database during the rounds that made them.
 *
 *   npm run bench:refusal-log
 *
 * Environment: BENCH_ITERATIONS per round (default 100; quick 20), BENCH_ROUNDS (default 5;
 * quick 1).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, type Db } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { DEMO_KEYS, demoKeyString } from "../src/demo/keys.js";
import { seedDemoWorld } from "../src/demo/seed.js";
import { refusalLogSettled } from "../src/modules/refusals/use-refusal-log.js";
import { createTeikyo } from "../src/yoga.js";
import { quick } from "./lib/bench-env.js";

const N = Number(process.env.BENCH_ITERATIONS ?? (quick ? 20 : 100));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 5));
const NOW = new Date("2026-11-23T00:00:00Z");

const key = demoKeyString(DEMO_KEYS.find((k) => k.recipientId === "hayate-logistics")!);
const REFUSED = `{ people(purpose: "delivery", first: 10) { edges { node { fullName email } } } }`;
const ALLOWED = `{ people(purpose: "delivery", first: 10) { edges { node { fullName postalCode } } } }`;

/** The same database whose refusal log takes writes and keeps nothing. */
function withoutRefusalWrites(db: Db): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "provisionRefusal") return { createMany: async () => ({ count: 0 }) };
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const p = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

const dir = mkdtempSync(join(tmpdir(), "teikyo-bench-refusal-log-"));
try {
  const url = process.env.BENCH_PG_URL ?? `file:${join(dir, "bench.db")}`;
  await migrate(url);
  const db = await createDb(url);
  if ((await db.person.count()) === 0) await seedDemoWorld(db);
  const rateLimits = { perKey: { points: 1e9, durationSeconds: 1 } };
  const gateways = {
    "refused, refusal stored": createTeikyo({ db, clock: () => NOW, rateLimits }),
    "refused, write a no-op": createTeikyo({ db: withoutRefusalWrites(db), clock: () => NOW, rateLimits }),
  };
  const allowed = createTeikyo({ db, clock: () => NOW, rateLimits });
  const post = async (yoga: ReturnType<typeof createTeikyo>, query: string) => {
    const response = await yoga.fetch("http://bench/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    return response.text();
  };
  const times: Record<string, number[]> = { "allowed (no refusal)": [] };
  const settle: Record<string, number[]> = {};
  for (const name of Object.keys(gateways)) {
    times[name] = [];
    settle[name] = [];
  }
  for (let w = 0; w < 20; w++) {
    for (const yoga of Object.values(gateways)) await post(yoga, REFUSED);
    await post(allowed, ALLOWED);
  }
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, yoga] of Object.entries(gateways)) {
      for (let i = 0; i < N; i++) {
        const start = performance.now();
        await post(yoga, REFUSED);
        times[name]!.push(performance.now() - start);
      }
      const start = performance.now();
      await refusalLogSettled();
      settle[name]!.push(performance.now() - start);
    }
    for (let i = 0; i < N; i++) {
      const start = performance.now();
      await post(allowed, ALLOWED);
      times["allowed (no refusal)"]!.push(performance.now() - start);
    }
  }
  console.log(`${url.startsWith("file:") ? "SQLite" : "PostgreSQL"}, ${ROUNDS} rounds x ${N} requests`);
  for (const [name, list] of Object.entries(times)) {
    list.sort((a, b) => a - b);
    console.log(`${name}: p50 ${p(list, 0.5).toFixed(2)} ms, p95 ${p(list, 0.95).toFixed(2)} ms`);
  }
  for (const [name, list] of Object.entries(settle))
    console.log(
      `${name}: writes still running after a round, waited ${list.map((t) => t.toFixed(0)).join(", ")} ms`,
    );
  console.log(`refusals stored: ${await db.provisionRefusal.count()}`);
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
