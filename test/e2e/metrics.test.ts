/**
 * GET /metrics: Prometheus text for admin keys only, with Teikyo's own counters moving
 * after a partner query (provisions and people by recipient, purpose and ground; record
 * write latency and group size), after a refusal (by code and reason) and after a
 * differentially private statistics query (epsilon by dataset and analyst key); never
 * personal data.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { type RateLimits, rateLimitsFromEnv } from "../../src/hardening/settings.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";
import { analyticsKey } from "./statistics-helpers.js";

const metrics = createMetrics();
afterAll(() => metrics.close());

async function gateway(rateLimits?: Partial<RateLimits>) {
  const yoga = createTeikyo({
    db: await testDb(),
    clock: () => NOW,
    metrics: { metrics, serveToAdmins: true },
    ...(rateLimits ? { rateLimits: { ...rateLimitsFromEnv({}), ...rateLimits } } : {}),
  });
  return {
    post: (key: string, query: string, variables?: Record<string, unknown>) =>
      yoga.fetch("http://teikyo.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      }),
    metrics: (key?: string) =>
      yoga.fetch("http://teikyo.test/metrics", { headers: key ? { authorization: `Bearer ${key}` } : {} }),
  };
}

const sample = (text: string, name: string, labels: string) =>
  Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);

describe("metrics", () => {
  it("counts provisions, people and record writes after a partner query, and refusals by reason", async () => {
    const { post, metrics: scrape } = await gateway();
    const labels = 'recipient="hayate-logistics",purpose="delivery",ground="ENTRUSTMENT"';
    const before = await (await scrape(demoKey("admin"))).text();

    const ok = await post(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 3) { edges { node { fullName } } } }`,
    );
    expect(ok.status).toBe(200);
    const names = [...(await ok.text()).matchAll(/"fullName":"([^"]+)"/g)].map((m) => m[1]!);
    const refused = await post(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery") { edges { node { email } } } }`,
    );
    expect(refused.status).toBe(403);

    const res = await scrape(demoKey("admin"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const after = await res.text();
    expect(
      sample(after, "teikyo_provisions_total", labels) - sample(before, "teikyo_provisions_total", labels),
    ).toBe(1);
    expect(
      sample(after, "teikyo_people_provided_total", labels) -
        sample(before, "teikyo_people_provided_total", labels),
    ).toBe(3);
    const refusals = 'code="PROVISION_DENIED",reason="ITEM_OUTSIDE_PURPOSE"';
    expect(
      sample(after, "teikyo_refusals_total", refusals) - sample(before, "teikyo_refusals_total", refusals),
    ).toBe(1);
    expect(after).toMatch(/^teikyo_record_write_seconds_count \d+/m);
    expect(after).toMatch(/^teikyo_record_group_events_bucket/m);
    expect(after).toMatch(/^graphql_yoga_http_duration_count/m);
    for (const name of names) expect(after).not.toContain(name);
  });

  it("counts the epsilon an analyst key spends, by dataset and key, and not what a refusal did not spend", async () => {
    const { post, metrics: scrape } = await gateway();
    const { id, key } = await analyticsKey("metrics epsilon");
    const budget = await post(
      demoKey("admin"),
      `mutation($id: String!) { setPrivacyBudget(apiKeyId: $id, epsilon: 1) { epsilon } }`,
      { id },
    );
    expect(budget.status).toBe(200);
    const ask = (epsilon: number) =>
      post(key, `{ statistics(differentialPrivacy: { epsilon: ${epsilon} }) { privacy { epsilonSpent } } }`);
    expect((await ask(0.25)).status).toBe(200);
    expect((await ask(0.5)).status).toBe(200);
    expect((await ask(0.5)).status).toBe(403); // over budget: nothing spent

    const text = await (await scrape(demoKey("admin"))).text();
    const spent = sample(
      text,
      "teikyo_statistics_epsilon_spent_total",
      `dataset="statistics",key="${id}",mechanism="LAPLACE"`,
    );
    expect(spent).toBeCloseTo(0.75, 10);
  });

  it("counts every rate-limit refusal, those answered before the request is read too", async () => {
    const { post, metrics: scrape } = await gateway({ perKey: { points: 1, durationSeconds: 60 } });
    const before = await (await scrape(demoKey("admin"))).text();
    const kumo = demoKey("kumo-support");
    expect((await post(kumo, "{ viewer { keyId } }")).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post(kumo, "{ viewer { keyId } }")).status).toBe(429);
    const after = await (await scrape(demoKey("admin"))).text();
    const perKey = 'limit="perKey"';
    expect(
      sample(after, "teikyo_rate_limit_refusals_total", perKey) -
        sample(before, "teikyo_rate_limit_refusals_total", perKey),
    ).toBe(3);
  });

  it("serves metrics to admin keys only", async () => {
    const { metrics: scrape } = await gateway();
    expect((await scrape()).status).toBe(401);
    expect((await scrape(demoKey("hayate-logistics"))).status).toBe(403);
    expect((await scrape(demoKey("compliance"))).status).toBe(403);
  });
});
