/**
 * Scenario 3: one person's provision records looked up in a small table (10,000 record
 * rows) and a large one (10,000,000 by default; BENCH_LARGE_RECORDS), the person having
 * the same 100 records in both (bench/lib/gw-records-data.ts). Through Teikyo's own code:
 * compileResponse (src/modules/disclosure/compile-response.ts), which compiles the answer to
 * a disclosure request (art. 33), and Query.provisionRecords(filter: { personId }) as
 * compliance staff query it (through createTeikyo, in this process). Lookups of the two
 * sizes alternate. Target: the large table's lookup <= 2x the small one's.
 */
import { performance } from "node:perf_hooks";
import { createDb, type Db } from "../../src/db/client.js";
import { compileResponse } from "../../src/modules/disclosure/compile-response.js";
import { createTeikyo } from "../../src/yoga.js";
import type { Engine } from "../lib/gw-databases.js";
import { COMPLIANCE_HEADERS } from "../lib/gw-queries.js";
import {
  type RecordsDb,
  recordsDb,
  recordsLabel,
  TARGET_PERSON,
  TARGET_RECORDS,
} from "../lib/gw-records-data.js";
import { judged, type Figure } from "../lib/gw-report.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, ratio, round } from "../lib/gw-stats.js";

const RECORDS_QUERY = `{ provisionRecords(filter: { personId: "${TARGET_PERSON}" }, first: 500) {
  nodes { id at recipient purpose ground legallyRequired items people { personId items consentId } } hasNextPage } }`;

interface Lookup {
  compileMs: number;
  queryMs: number;
}

export async function disclosureLookup(engine: Engine, settings: Settings, log: (line: string) => void) {
  const scenario = "3 disclosure lookup";
  const sizes = { small: settings.smallRecords, large: settings.largeRecords };
  const made: Record<"small" | "large", RecordsDb> = {
    small: await recordsDb(engine, sizes.small, log),
    large: await recordsDb(engine, sizes.large, log),
  };
  const dbs: Partial<Record<"small" | "large", Db>> = {};
  try {
    const gateways = {} as Record<"small" | "large", ReturnType<typeof createTeikyo>>;
    for (const size of ["small", "large"] as const) {
      const db = await createDb(made[size].url);
      dbs[size] = db;
      gateways[size] = createTeikyo({ db });
    }
    const lookup = async (size: "small" | "large"): Promise<Lookup> => {
      const db = dbs[size] as Db;
      let started = performance.now();
      const compiled = await compileResponse(
        db,
        {
          id: "bench",
          personId: TARGET_PERSON,
          deliveryMethod: "ELECTRONIC_JSON",
          methodDifficultReason: null,
          withheld: [],
          refusals: [],
        },
        new Date(),
      );
      const compileMs = performance.now() - started;
      const records = (compiled.json.provisionRecords as unknown[]).length;
      if (records !== TARGET_RECORDS)
        throw new Error(`${engine} ${size}: ${records} records compiled, expected ${TARGET_RECORDS}`);
      started = performance.now();
      const response = await gateways[size].fetch("http://bench/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...COMPLIANCE_HEADERS },
        body: JSON.stringify({ query: RECORDS_QUERY }),
      });
      const json = (await response.json()) as {
        data?: { provisionRecords?: { nodes: unknown[] } };
        errors?: unknown;
      };
      const queryMs = performance.now() - started;
      const nodes = json.data?.provisionRecords?.nodes.length;
      if (nodes !== TARGET_RECORDS)
        throw new Error(`${engine} ${size}: provisionRecords gave ${JSON.stringify(json.errors ?? nodes)}`);
      return { compileMs, queryMs };
    };
    for (let i = 0; i < 3; i++) for (const size of ["small", "large"] as const) await lookup(size);
    const results = await interleaved(["small", "large"] as const, settings.lookups, lookup);
    const med = (size: "small" | "large", key: keyof Lookup) =>
      round(median(results[size].map((r) => r[key])), 3);
    const figures: Figure[] = (["compileMs", "queryMs"] as const).map((key) =>
      judged({
        scenario,
        engine,
        name: `${key === "compileMs" ? "compileResponse" : "provisionRecords query"}, ${recordsLabel(sizes.large)} vs ${recordsLabel(sizes.small)} rows`,
        value: med("large", key),
        unit: "ms",
        baseline: med("small", key),
        baselineName: recordsLabel(sizes.small),
        ratio: ratio(med("large", key), med("small", key)),
        target: { op: "<=", value: 2 },
      }),
    );
    return {
      figures,
      details: {
        person: TARGET_PERSON,
        recordsOfPerson: TARGET_RECORDS,
        rows: sizes,
        databases: {
          small: { reused: made.small.reused, seconds: made.small.seconds },
          large: { reused: made.large.reused, seconds: made.large.seconds },
        },
        lookups: settings.lookups,
        medianMs: {
          small: { compile: med("small", "compileMs"), query: med("small", "queryMs") },
          large: { compile: med("large", "compileMs"), query: med("large", "queryMs") },
        },
      },
    };
  } finally {
    for (const db of Object.values(dbs)) await db?.$disconnect();
  }
}
