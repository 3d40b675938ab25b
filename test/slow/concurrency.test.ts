/**
 * 50 concurrent clients in a sustained run: partner queries of several recipients and
 * purposes, refused ones, and record writes that fail on a random subset (inside the
 * database, at the event's insert or its people's, in a group with other requests' records:
 * an error, on PostgreSQL also a killed session). At the end, every
 * answer that carried people has exactly its provision events, for exactly those people, and
 * no other request has any; the hash chain, written while the requests race, verifies.
 *
 * The response carries no request id (only a failed write's error does), so each request
 * gets a unique operation name and its events are found by their operation hash.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/db/client.js";
import { providerOf } from "../../src/db/database-url.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { databaseUrl, demoKey, peopleCursor, testDb } from "../helpers.js";
import {
  customerIdsIn,
  eventsAfter,
  lastEventSeq,
  operationHashOf,
  postJson,
  rawGateway,
  type RawResponse,
  recordCounts,
} from "../robustness-helpers.js";
import { doomedOperations } from "../record-faults.js";

const onPostgres = providerOf(databaseUrl()) === "postgresql";
const WORKERS = 50;
const REQUESTS_EACH = 20;
const SEED = 20261123;
/** Share of data requests sent through the gateway whose record writes fail. */
const FAULT_RATE = 0.15;

/** A small seeded generator: the mix of requests is the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Random = ReturnType<typeof random>;
const between = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
/** Customers from C000600 on, away from those other files read records of by page. */
const customer = (r: Random) => `C${String(between(r, 600, 990)).padStart(6, "0")}`;

interface Template {
  name: string;
  /** Whether it can carry people, so that a failed record write would matter. */
  provides: boolean;
  build(op: string, r: Random): { key: string; query: string; variables?: Record<string, unknown> };
}

const page = (purpose: string, fields: string) =>
  `people(purpose: "${purpose}", first: $first, after: $after) { edges { node { id ${fields} } } }`;
const pageVars = (r: Random, who: string, purpose: string) => ({
  first: between(r, 1, 3),
  after: peopleCursor(customer(r), who, purpose),
});

const TEMPLATES: Template[] = [
  {
    name: "entrustee page with orders",
    provides: true,
    build: (op, r) => ({
      key: demoKey("hayate-logistics"),
      query: `query ${op}($first: Int, $after: String) { page: ${page("delivery", "fullName address orders { product }")} }`,
      variables: pageVars(r, "hayate-logistics", "delivery"),
    }),
  },
  {
    name: "entrustee lookup",
    provides: true,
    build: (op, r) => ({
      key: demoKey("kumo-support"),
      query: `query ${op} { one: person(purpose: "customer_support", id: "${customer(r)}") { id fullName email } }`,
    }),
  },
  {
    name: "consent lookup (most people not included)",
    provides: true,
    build: (op, r) => ({
      key: demoKey("aoba-life"),
      query: `query ${op} { one: person(purpose: "health_support", id: "${customer(r)}") { id fullName medicalNote } }`,
    }),
  },
  {
    name: "joint use page",
    provides: true,
    build: (op, r) => ({
      key: demoKey("minato-card"),
      query: `query ${op}($first: Int, $after: String) { page: ${page("marketing", "email membershipTier orders { category amount }")} }`,
      variables: pageVars(r, "minato-card", "marketing"),
    }),
  },
  {
    name: "foreign consent page",
    provides: true,
    build: (op, r) => ({
      key: demoKey("northwind-ads"),
      query: `query ${op}($first: Int, $after: String) { page: ${page("advertising", "cookieId gender")} }`,
      variables: pageVars(r, "northwind-ads", "advertising"),
    }),
  },
  {
    name: "two root fields",
    provides: true,
    build: (op, r) => ({
      key: demoKey("hayate-logistics"),
      query: `query ${op}($first: Int, $after: String) { page: ${page("delivery", "postalCode")} one: person(purpose: "delivery", id: "${customer(r)}") { id phone } }`,
      variables: pageVars(r, "hayate-logistics", "delivery"),
    }),
  },
  {
    name: "item outside the purpose (403)",
    provides: false,
    build: (op, r) => ({
      key: demoKey("hayate-logistics"),
      query: `query ${op} { one: person(purpose: "delivery", id: "${customer(r)}") { id email } }`,
    }),
  },
  {
    name: "another recipient's purpose (403)",
    provides: false,
    build: (op, r) => ({
      key: demoKey("kumo-support"),
      query: `query ${op} { one: person(purpose: "marketing", id: "${customer(r)}") { id } }`,
    }),
  },
  {
    name: "unknown key (401)",
    provides: false,
    build: (op, r) => ({
      key: `${demoKey("hayate-logistics")}x`,
      query: `query ${op} { one: person(purpose: "delivery", id: "${customer(r)}") { id } }`,
    }),
  },
  {
    name: "syntax error",
    provides: false,
    build: (op) => ({ key: demoKey("hayate-logistics"), query: `query ${op} { people(purpose: ` }),
  },
];

interface Outcome {
  op: string;
  template: string;
  injected: boolean;
  /** The operation hash its events must carry (null when the query does not parse). */
  hash: string | null;
  res: RawResponse;
}

/** What the answer carried: per root field with people, the customer numbers shown. */
function provided(res: RawResponse): { rootField: string; ids: string[] }[] {
  const data = (res.json as { data?: Record<string, unknown> | null } | undefined)?.data;
  if (!data) return [];
  return Object.entries(data).flatMap(([rootField, value]) => {
    const ids = [...customerIdsIn(value)].sort();
    return ids.length ? [{ rootField, ids }] : [];
  });
}

const hashOf = (query: string) => {
  try {
    return operationHashOf(query);
  } catch {
    return null;
  }
};

describe(`${WORKERS} concurrent clients`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
  });

  it("records exactly the provisions the answers carried, whatever fails alongside", async () => {
    const send = rawGateway(db);
    const faultRandom = random(SEED ^ 0xfa17);
    // A doomed request's record write fails in the database, at its event or its people.
    const doomed = await doomedOperations(db);

    const before = { seq: await lastEventSeq(db), counts: await recordCounts(db) };
    const outcomes: Outcome[] = [];
    // Each failed write is logged (by error name and frames): kept out of the test output.
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        const r = random(SEED + w);
        for (let i = 0; i < REQUESTS_EACH; i++) {
          const template = TEMPLATES[Math.floor(r() * TEMPLATES.length)]!;
          const op = `w${w}r${i}`;
          const { key, query, variables } = template.build(op, r);
          const injected = template.provides && r() < FAULT_RATE;
          const hash = hashOf(query);
          if (injected && hash)
            await doomed.doom(
              hash,
              faultRandom() < 0.5 ? "event" : "people",
              onPostgres && faultRandom() < 0.3 ? "kill" : "throw",
            );
          const res = await send("/graphql", postJson(key, { query, variables }));
          outcomes.push({ op, template: template.name, injected, hash, res });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const failureLogs = log.mock.calls.length;
    log.mockRestore();
    await doomed.remove();

    const events = await eventsAfter(db, before.seq);
    const after = await recordCounts(db);
    const byHash = new Map<string, typeof events>();
    for (const e of events) byHash.set(e.operationHash, [...(byHash.get(e.operationHash) ?? []), e]);

    const problems: string[] = [];
    let withPeople = 0;
    let unexpected503 = 0;
    for (const o of outcomes) {
      const body = o.res.json as { errors?: { extensions?: { code?: string; requestId?: string } }[] };
      const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
      // Never a 5xx but the record failure's 503, which carries no data.
      if (o.res.status >= 500) {
        if (o.res.status !== 503 || codes.join() !== "PROVISION_RECORD_FAILED")
          problems.push(`${o.op} (${o.template}): ${o.res.status} ${o.res.text.slice(0, 200)}`);
        if (!o.injected) unexpected503++;
        const requestId = body.errors?.[0]?.extensions?.requestId;
        if (events.some((e) => e.requestId === requestId))
          problems.push(`${o.op}: 503 but its request ${requestId} has events`);
      }
      const expected = provided(o.res).map((p) => `${p.rootField}:${p.ids.join(",")}`);
      if (expected.length) withPeople++;
      if (o.injected && expected.length) problems.push(`${o.op}: data left although its record write failed`);
      const written = ((o.hash && byHash.get(o.hash)) || []).map(
        (e) => `${e.rootField}:${e.personIds.join(",")}`,
      );
      if (JSON.stringify(expected.sort()) !== JSON.stringify(written.sort()))
        problems.push(`${o.op} (${o.template}): answer carried [${expected}], events [${written}]`);
    }
    // No event belongs to anything but these requests' answers.
    const known = new Set(outcomes.map((o) => o.hash));
    const strays = events.filter((e) => !known.has(e.operationHash));
    const injectedFailures = outcomes.filter((o) => o.injected && o.res.status === 503).length;
    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.res.status, (byStatus.get(o.res.status) ?? 0) + 1);
    const statuses = [...byStatus]
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    console.info(
      `${outcomes.length} requests from ${WORKERS} clients in ${seconds.toFixed(1)} s; statuses ${statuses}; ` +
        `${withPeople} with people, ${events.length} events, ${injectedFailures} injected failures, ` +
        `${unexpected503} other 503s`,
    );

    expect(problems).toEqual([]);
    expect(strays).toEqual([]);
    expect(outcomes).toHaveLength(WORKERS * REQUESTS_EACH);
    // The counts agree with the events, and the events with the answers.
    expect(after.events - before.counts.events).toBe(events.length);
    expect(after.people - before.counts.people).toBe(events.reduce((n, e) => n + e.personIds.length, 0));
    expect(new Set(events.map((e) => e.operationHash)).size).toBe(withPeople);
    // The mix did what it is for: many provisions, failed writes, refusals.
    expect(withPeople).toBeGreaterThan(WORKERS * REQUESTS_EACH * 0.3);
    expect(injectedFailures).toBeGreaterThan(WORKERS * REQUESTS_EACH * 0.03);
    expect(failureLogs).toBe(outcomes.filter((o) => o.res.status === 503).length);
    expect(outcomes.filter((o) => o.res.status === 403 || o.res.status === 401).length).toBeGreaterThan(50);
    // Sequence numbers and links stayed in order while writers raced.
    expect((await verifyChain(db)).problems).toEqual([]);
  }, 120_000);
});
