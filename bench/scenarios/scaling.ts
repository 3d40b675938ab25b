/**
 * Scenario 4: scaling with the people per request (1, 10, 100, 1,000). Teikyo's cost per
 * person at 1,000 must be <= 1.2x its cost at 100, and its SQL round trips per request
 * must not grow with the people (no N+1), asserted from the statements the driver adapter
 * sent for each request (bench/lib/gw-counting-db.ts).
 *
 * Teikyo answers at most 500 people per page (people.query.ts MAX_PAGE_SIZE and the
 * hardening's page-size limit), so the 1,000-person request is two pages of 500 in one
 * request (two aliased root fields). The assertion: one page costs the same round trips
 * at 1, 10, 100 and 500 people, and two pages at most twice one page's. A request that is
 * not answered correctly fails the benchmark too. The control serves the same requests.
 */
import { performance } from "node:perf_hooks";
import type { Engine } from "../lib/gw-databases.js";
import { type GraphQLRequest, load, post } from "../lib/gw-load.js";
import { pagesOf, peopleRequest, twoPagesRequest } from "../lib/gw-queries.js";
import { judged, type Figure } from "../lib/gw-report.js";
import { type ServerHandle, startServer, stopAll } from "../lib/gw-servers.js";
import type { Settings } from "../lib/gw-settings.js";
import { interleaved, median, mode, ratio, round } from "../lib/gw-stats.js";

type Variant = "teikyo" | "control";
const variants = ["teikyo", "control"] as const;

interface Probe {
  label: string;
  people: number;
  /** Root fields (pages) in the request. */
  pages: number;
  /** Measured under load for the cost per person (the 2 x 1 probe only counts round trips). */
  timed: boolean;
  request: Record<Variant, GraphQLRequest>;
  /** Set when a variant did not answer this probe correctly. */
  failed: Partial<Record<Variant, string>>;
}

interface RoundTrips {
  steady: number;
  perRequest: number[];
  statements: string[];
}

interface Cost {
  msPerPerson: number;
  p50PerPerson: number;
  rps: number;
  p50: number;
}

const SEQUENTIAL = 7;

async function cursorAfter(server: ServerHandle, people: number): Promise<string> {
  const { status, json } = await post(server.url, peopleRequest(people));
  const cursor = pagesOf(server.name, status, json)[0]?.pageInfo.endCursor;
  if (!cursor) throw new Error(`${server.name}: no cursor after ${people} people`);
  return cursor;
}

export async function scaling(engine: Engine, url: string, settings: Settings) {
  const scenario = "4 scaling";
  const servers: Record<Variant, ServerHandle | undefined> = { teikyo: undefined, control: undefined };
  try {
    servers.teikyo = await startServer({
      name: `teikyo (${engine}, counting)`,
      file: "teikyo",
      options: { url, count: true },
    });
    servers.control = await startServer({
      name: `control (${engine}, counting)`,
      file: "control",
      options: { url, count: true },
    });
    const running = servers as Record<Variant, ServerHandle>;
    const both = async (make: (v: Variant) => Promise<GraphQLRequest>) => ({
      teikyo: await make("teikyo"),
      control: await make("control"),
    });
    const single = (n: number) => both(async () => peopleRequest(n));
    const twoPages = (n: number) => both(async (v) => twoPagesRequest(n, await cursorAfter(running[v], n)));
    const probes: Probe[] = [
      { label: "1", people: 1, pages: 1, timed: true, request: await single(1), failed: {} },
      { label: "10", people: 10, pages: 1, timed: true, request: await single(10), failed: {} },
      { label: "100", people: 100, pages: 1, timed: true, request: await single(100), failed: {} },
      { label: "500", people: 500, pages: 1, timed: true, request: await single(500), failed: {} },
      {
        label: "2 (2 pages of 1)",
        people: 2,
        pages: 2,
        timed: false,
        request: await twoPages(1),
        failed: {},
      },
      {
        label: "1000 (2 pages of 500)",
        people: 1000,
        pages: 2,
        timed: true,
        request: await twoPages(500),
        failed: {},
      },
    ];

    // Round trips: sequential requests, each one's statements counted by the server.
    const roundTrips: Record<string, Partial<Record<Variant, RoundTrips>>> = {};
    const latency = new Map<string, number>();
    const figures: Figure[] = [];
    for (const probe of probes) {
      const trips: Partial<Record<Variant, RoundTrips>> = {};
      roundTrips[probe.label] = trips;
      for (const v of variants) {
        const server = running[v];
        const check = await post(server.url, probe.request[v]);
        try {
          const got = pagesOf(server.name, check.status, check.json).reduce((n, p) => n + p.edges.length, 0);
          if (got !== probe.people)
            throw new Error(`${server.name}: ${got} people, expected ${probe.people}`);
        } catch (error) {
          probe.failed[v] = (error as Error).message.slice(0, 400);
          continue;
        }
        await server.stats(true);
        const started = performance.now();
        for (let i = 0; i < SEQUENTIAL; i++) await post(server.url, probe.request[v]);
        latency.set(`${probe.label}|${v}`, (performance.now() - started) / SEQUENTIAL);
        const stats = await server.stats();
        trips[v] = {
          steady: mode(stats.statementsPerRequest),
          perRequest: stats.statementsPerRequest,
          statements: stats.lastStatements,
        };
      }
    }

    // Cost per person under load, sizes and variants interleaved.
    const timed = probes.filter((p) => p.timed && !p.failed.teikyo && !p.failed.control);
    const keys = timed.flatMap((p) => variants.map((v) => `${p.label}|${v}`));
    const options = { seconds: settings.scalingSeconds, connections: settings.scalingConnections };
    const find = (key: string) => {
      const [label, v] = key.split("|") as [string, Variant];
      return { probe: timed.find((p) => p.label === label) as Probe, v };
    };
    // Long enough for several requests of the largest sizes to complete in each round.
    const seconds = (key: string) =>
      Math.min(30, Math.max(options.seconds, Math.ceil((6 * (latency.get(key) ?? 0)) / 1000)));
    for (const key of keys) {
      const { probe, v } = find(key);
      await load(running[v], probe.request[v], { ...options, seconds: 1 });
    }
    const rounds = await interleaved(keys, settings.scalingRounds, (key) => {
      const { probe, v } = find(key);
      return load(running[v], probe.request[v], { ...options, seconds: seconds(key) });
    });
    const cost: Record<string, Partial<Record<Variant, Cost>>> = {};
    for (const probe of timed) {
      const perVariant: Partial<Record<Variant, Cost>> = {};
      cost[probe.label] = perVariant;
      for (const v of variants) {
        const results = rounds[`${probe.label}|${v}`] ?? [];
        const rps = median(results.map((r) => r.rps));
        const p50 = median(results.map((r) => r.p50));
        // Server time per person at saturation: 1 / throughput, per person.
        perVariant[v] = {
          msPerPerson: round(1000 / rps / probe.people, 4),
          p50PerPerson: round(p50 / probe.people, 4),
          rps: round(rps, 1),
          p50,
        };
      }
    }

    const at = (label: string, v: Variant) => cost[label]?.[v];
    for (const probe of timed) {
      const t = at(probe.label, "teikyo");
      const k = at(probe.label, "control");
      if (!t || !k) continue;
      figures.push({
        scenario,
        engine,
        name: `cost per person, ${probe.label}`,
        value: t.msPerPerson,
        unit: "ms",
        baseline: k.msPerPerson,
        baselineName: "control",
        ratio: ratio(t.msPerPerson, k.msPerPerson),
      });
    }
    const big = "1000 (2 pages of 500)";
    const [t100, t1000, k100, k1000] = [
      at("100", "teikyo"),
      at(big, "teikyo"),
      at("100", "control"),
      at(big, "control"),
    ];
    figures.push(
      t100 && t1000
        ? judged({
            scenario,
            engine,
            name: "cost per person 1000 / 100",
            value: t1000.msPerPerson,
            unit: "ms",
            baseline: t100.msPerPerson,
            baselineName: "at 100",
            ratio: ratio(t1000.msPerPerson, t100.msPerPerson),
            target: { op: "<=", value: 1.2 },
            note: k100 && k1000 ? `control: ${ratio(k1000.msPerPerson, k100.msPerPerson)}` : undefined,
          })
        : {
            scenario,
            engine,
            name: "cost per person 1000 / 100",
            value: Number.NaN,
            unit: "ms",
            target: { op: "<=", value: 1.2 },
            status: "FAIL",
            note: "not measured: a 1,000-person request was not answered (see below)",
          },
    );

    // No N+1: one page costs the same round trips whatever its size; two pages at most
    // twice one page's.
    const steady = (label: string, v: Variant) => roundTrips[label]?.[v]?.steady ?? Number.NaN;
    for (const v of variants) {
      const prefix = v === "teikyo" ? "" : "control: ";
      const onePage = probes.filter((p) => p.pages === 1 && !p.failed[v]);
      const counts = onePage.map((p) => steady(p.label, v));
      const same = counts.every((c) => c === counts[0]);
      const one = counts[0] ?? Number.NaN;
      figures.push({
        scenario,
        engine,
        name: `${prefix}round trips/request, 1 page of ${onePage.map((p) => p.people).join(", ")} people`,
        value: one,
        unit: "stmts",
        ratio: Math.max(...counts) - Math.min(...counts),
        target: { op: "<=", value: 0 },
        status: v === "teikyo" ? (same ? "PASS" : "FAIL") : undefined,
        note: `per size: ${counts.join(" / ")}`,
      });
      for (const probe of probes.filter((p) => p.pages === 2 && !p.failed[v])) {
        const count = steady(probe.label, v);
        figures.push({
          scenario,
          engine,
          name: `${prefix}round trips/request, ${probe.label}`,
          value: count,
          unit: "stmts",
          baseline: one,
          baselineName: "1 page",
          ratio: ratio(count, one),
          target: probe.people > 2 ? { op: "<=", value: 2 } : undefined,
          status: v === "teikyo" && probe.people > 2 ? (count <= 2 * one ? "PASS" : "FAIL") : undefined,
        });
      }
    }
    // Requests that were not answered: a failure of Teikyo, or a broken control.
    for (const probe of probes) {
      for (const v of variants) {
        const message = probe.failed[v];
        if (!message) continue;
        figures.push({
          scenario,
          engine,
          name: `${v === "teikyo" ? "" : "control: "}answer to ${probe.label} people`,
          value: Number.NaN,
          unit: "",
          status: v === "teikyo" ? "FAIL" : undefined,
          note: message,
        });
      }
    }
    return {
      figures,
      details: {
        connections: options.connections,
        minSecondsPerRound: options.seconds,
        roundTrips,
        cost,
        failed: Object.fromEntries(
          probes.filter((p) => Object.keys(p.failed).length).map((p) => [p.label, p.failed]),
        ),
      },
    };
  } finally {
    await stopAll(Object.values(servers));
  }
}
