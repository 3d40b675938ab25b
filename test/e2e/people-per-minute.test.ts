/**
 * A key that has received its people for the minute is refused (429, Retry-After,
 * RATE_LIMITED with limit peoplePerKey) before its next query runs, counted from the people
 * actually provided (not the page size asked for); other keys go on; the refusal shows in
 * the rate-limit metric.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, recordingDb, testDb } from "../helpers.js";

const metrics = createMetrics();
afterAll(() => metrics.close());
const gateways: ReturnType<typeof createTeikyo>[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.dispose()));
});

const people = (first: number) =>
  `{ people(purpose: "delivery", first: ${first}) { edges { node { fullName } } } }`;

async function gateway() {
  const recording = recordingDb(await testDb());
  const yoga = createTeikyo({
    db: recording.db,
    clock: () => NOW,
    metrics: { metrics, serveToAdmins: true },
    rateLimits: {
      perKey: { points: 1_000, durationSeconds: 60 },
      peoplePerKey: { points: 5, durationSeconds: 60 },
    },
  });
  gateways.push(yoga);
  const send = async (key: string, query: string) => {
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
  };
  const scrape = async () =>
    (
      await yoga.fetch("http://teikyo.test/metrics", {
        headers: { authorization: `Bearer ${demoKey("admin")}` },
      })
    ).text();
  return { send, scrape, reads: recording.reads };
}

const refusals = (text: string) =>
  Number(/^teikyo_rate_limit_refusals_total\{limit="peoplePerKey"\} (\S+)$/m.exec(text)?.[1] ?? 0);

describe("people provided per key per minute", () => {
  it("refuses a key once it has received its people, before running its next query", async () => {
    const { send, scrape, reads } = await gateway();
    const hayate = demoKey("hayate-logistics");
    const before = refusals(await scrape());
    // Asking is not receiving: a person refused for this purpose (an unknown number) counts nothing.
    const none = await send(hayate, `{ person(purpose: "delivery", id: "C999999") { fullName } }`);
    expect(none.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await send(hayate, people(3))).status).toBe(200);
    // 3 of 5 received: this one may still run, and takes the key past its window.
    const second = await send(hayate, people(3));
    expect(second.status).toBe(200);
    expect(second.body.data?.people.edges).toHaveLength(3);
    reads.length = 0;
    const refused = await send(hayate, people(1));
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: "RATE_LIMITED",
      limit: "peoplePerKey",
      max: 5,
      windowSeconds: 60,
      retryAfterSeconds: Number(refused.retryAfter),
    });
    expect(refused.body.errors?.[0]?.message).toMatch(/at most 5 people provided per 60 s to this API key/);
    expect(reads).toEqual([]);
    // Another key is not affected.
    expect(
      (
        await send(
          demoKey("kumo-support"),
          `{ people(purpose: "customer_support", first: 2) { edges { node { fullName } } } }`,
        )
      ).status,
    ).toBe(200);
    expect(refusals(await scrape()) - before).toBe(1);
  });

  it("counts the people provided, not the page size asked for", async () => {
    const { send } = await gateway();
    const hayate = demoKey("hayate-logistics");
    // A filter no one matches: a page of 500 asked, nobody provided.
    for (let i = 0; i < 3; i++) {
      const res = await send(
        hayate,
        `{ people(purpose: "delivery", first: 500, filter: { prefecture: "存在しない県" }) { edges { node { fullName } } } }`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data?.people.edges).toEqual([]);
    }
    expect((await send(hayate, people(4))).status).toBe(200);
    expect((await send(hayate, people(1))).status).toBe(200);
    expect((await send(hayate, people(1))).status).toBe(429);
  });
});
