/**
 * What per-partner schemas cost: cutting one (once per recipient and scope version), a
 * request's cached lookup, and a whole partner request through yoga.fetch on an embedded
 * SQLite demo database, next to the same request from an internal key's full schema path
 * (Query.viewer, no provision). Also what a request without a key costs: admission's check
 * of its text against the public schema, a public notice answered, and a refusal (401).
 *
 *   npm run bench:partner-schema
 *
 * Environment: BENCH_ITERATIONS (default 200; quick 20). Prints one line per figure.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDb } from "../src/db/client.js";
import { migrate } from "../src/db/migrate.js";
import { DEMO_KEYS, demoKeyString } from "../src/demo/keys.js";
import { DEMO_PURPOSES } from "../src/demo/purposes.js";
import { DEMO_RECIPIENTS } from "../src/demo/recipients.js";
import { seedDemoWorld } from "../src/demo/seed.js";
import { partnerSchemas } from "../src/partner-schema/partner-schemas.js";
import { withPurposeEnumText } from "../src/partner-schema/purpose-literals.js";
import { scopedSchema } from "../src/partner-schema/scoped-schema.js";
import { publicOperationRefusal } from "../src/public-schema/public-operation.js";
import { publicSchemaOf } from "../src/public-schema/public-schema.js";
import { schema } from "../src/schema.js";
import { createTeikyo } from "../src/yoga.js";
import { quick } from "./lib/bench-env.js";

const N = Number(process.env.BENCH_ITERATIONS ?? (quick ? 20 : 200));

function timeEach(run: () => unknown, n = N): { p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)] as number, p95: times[Math.floor(n * 0.95)] as number };
}

async function timeEachAsync(run: () => Promise<unknown>, n = N) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)] as number, p95: times[Math.floor(n * 0.95)] as number };
}

const ms = (f: { p50: number; p95: number }) => `p50 ${f.p50.toFixed(3)} ms, p95 ${f.p95.toFixed(3)} ms`;

const scopes = DEMO_RECIPIENTS.map((r) => ({
  id: r.id,
  scope: {
    purposes: new Map(
      Object.entries(r.scopes).map(([p, items]) => {
        const announced = DEMO_PURPOSES.find((d) => d.code === p)?.items ?? [];
        return [p, new Set(items.filter((i) => announced.includes(i)))] as const;
      }),
    ),
  },
}));

console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
let i = 0;
console.log(
  `cut one partner schema (cold): ${ms(timeEach(() => scopedSchema(schema, scopes[i++ % scopes.length]!.scope, "visible"), 50))}`,
);
const hayate = scopes[0]!;
partnerSchemas(schema, hayate.id, hayate.scope);
console.log(
  `cached lookup per request: ${ms(timeEach(() => partnerSchemas(schema, hayate.id, hayate.scope), 5000))}`,
);
const query = `{ people(purpose: "delivery", first: 10) { edges { node { fullName postalCode address } } } }`;
const fields = new Set(["people", "person"]);
withPurposeEnumText(query, fields);
console.log(
  `purpose-literal rewrite (memoised): ${ms(timeEach(() => withPurposeEnumText(query, fields), 5000))}`,
);

const publicSchema = publicSchemaOf(schema).schema;
const privateText = `{ people(purpose: "delivery", first: 10) { edges { node { fullName } } } viewer { role } }`;
console.log(
  `keyless admission check, public text: ${ms(timeEach(() => publicOperationRefusal({ query: "{ publicNotice { title } }" }, publicSchema, 1000), 5000))}`,
);
console.log(
  `keyless admission check, refused text: ${ms(timeEach(() => publicOperationRefusal({ query: privateText }, publicSchema, 1000), 5000))}`,
);

const dir = mkdtempSync(join(tmpdir(), "teikyo-bench-partner-schema-"));
try {
  const url = `file:${join(dir, "bench.db")}`;
  await migrate(url);
  const db = await createDb(url);
  await seedDemoWorld(db);
  const yoga = createTeikyo({
    db,
    clock: () => new Date("2026-11-23T00:00:00Z"),
    rateLimits: {
      perKey: { points: 1e9, durationSeconds: 1 },
      failedAuthPerIp: { points: 1e9, durationSeconds: 1 },
    },
  });
  const key = (who: string) => demoKeyString(DEMO_KEYS.find((k) => k.recipientId === who || k.role === who)!);
  const post = async (k: string | null, q: string) => {
    const response = await yoga.fetch("http://bench/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(k ? { authorization: `Bearer ${k}` } : {}) },
      body: JSON.stringify({ query: q }),
    });
    return response.text();
  };
  const viewer = `{ viewer { label role } }`;
  for (let w = 0; w < 20; w++) {
    await post(key("hayate-logistics"), query);
    await post(key("ADMIN"), viewer);
    await post(key("hayate-logistics"), viewer);
  }
  console.log(
    `viewer, admin key (full schema): ${ms(await timeEachAsync(() => post(key("ADMIN"), viewer)))}`,
  );
  console.log(
    `viewer, partner key (scoped schema): ${ms(await timeEachAsync(() => post(key("hayate-logistics"), viewer)))}`,
  );
  console.log(
    `10 people for delivery, partner key (with its provision record): ${ms(await timeEachAsync(() => post(key("hayate-logistics"), query)))}`,
  );
  const notice = `{ publicNotice { title markdown } }`;
  for (let w = 0; w < 20; w++) await post(null, notice);
  console.log(`public notice, no key (public schema): ${ms(await timeEachAsync(() => post(null, notice)))}`);
  console.log(
    `private fields, no key (401 in admission): ${ms(await timeEachAsync(() => post(null, privateText)))}`,
  );
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
