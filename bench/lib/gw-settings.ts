/** How long and how hard the gateway benchmark runs: full by default, quick for CI smoke runs. */
import type { Engine } from "./gw-databases.js";

export interface Settings {
  quick: boolean;
  engines: Engine[];
  /** Interleaved rounds per variant, and the seconds of load in each. */
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
  /** autocannon connections for the partner query and the calibration servers. */
  connections: number;
  /** Scaling scenario: rounds and seconds per size and variant, and connections. */
  scalingRounds: number;
  scalingSeconds: number;
  scalingConnections: number;
  /** Record writing: interleaved rounds, and events of 100 people written per round and variant. */
  writeRounds: number;
  writeEvents: number;
  /** Disclosure lookup: record rows of the small and the large table, and lookups per size. */
  smallRecords: number;
  largeRecords: number;
  lookups: number;
  /** Cold starts per server. */
  coldStarts: number;
  /** Profile the Teikyo server under the partner-query load (node --cpu-prof). */
  profile: boolean;
  /** Exit 1 when a target is missed (round trips that grow with the people always exit 1). */
  strict: boolean;
  /** Which scenarios run (BENCH_SCENARIOS, comma-separated; all by default). */
  scenarios: Set<Scenario>;
}

export const SCENARIOS = [
  "calibration",
  "partner-query",
  "scaling",
  "record-writing",
  "disclosure-lookup",
] as const;
export type Scenario = (typeof SCENARIOS)[number];

function int(name: string, fallback: number, min = 1): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}; got ${raw}.`);
  return value;
}

const on = (name: string) =>
  ["1", "on", "true", "yes"].includes((process.env[name] ?? "").trim().toLowerCase());

export function settingsFrom(argv: readonly string[]): Settings {
  const quick = argv.includes("--quick") || on("BENCH_QUICK");
  const engines = (process.env.BENCH_ENGINES?.trim() || "postgresql,sqlite").split(",").map((e) => e.trim());
  for (const e of engines)
    if (e !== "postgresql" && e !== "sqlite") throw new Error(`BENCH_ENGINES: unknown database "${e}".`);
  const scenarios = (process.env.BENCH_SCENARIOS?.trim() || SCENARIOS.join(","))
    .split(",")
    .map((s) => s.trim());
  for (const s of scenarios)
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new Error(`BENCH_SCENARIOS: unknown scenario "${s}" (${SCENARIOS.join(", ")}).`);
  const largeRecords = int("BENCH_LARGE_RECORDS", quick ? 1_000_000 : 10_000_000, 10_000);
  if (largeRecords % 10_000 !== 0) throw new Error("BENCH_LARGE_RECORDS must be a multiple of 10,000.");
  return {
    quick,
    engines: engines as Engine[],
    rounds: int("BENCH_ROUNDS", quick ? 3 : 5),
    roundSeconds: int("BENCH_ROUND_SECONDS", quick ? 2 : 3),
    warmupSeconds: quick ? 1 : 2,
    connections: int("BENCH_CONNECTIONS", 8),
    scalingRounds: quick ? 1 : 3,
    scalingSeconds: quick ? 1 : 2,
    scalingConnections: 4,
    writeRounds: quick ? 3 : 7,
    writeEvents: int("BENCH_WRITE_EVENTS", quick ? 20 : 50),
    smallRecords: 10_000,
    largeRecords,
    lookups: quick ? 10 : 30,
    coldStarts: quick ? 1 : 3,
    profile: argv.includes("--profile") || on("BENCH_PROFILE"),
    strict: argv.includes("--strict") || on("BENCH_STRICT"),
    scenarios: new Set(scenarios as Scenario[]),
  };
}
