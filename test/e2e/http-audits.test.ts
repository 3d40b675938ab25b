/**
 * GraphQL over HTTP conformance: the graphql-http package's server audits (its MUST and
 * SHOULD checks) pass for a partner key, which now introspects its own schema, and for
 * internal keys. A request without a key is refused before its query is read (HTTP 401, or
 * 4xx when malformed; see docs/decisions/0051-anonymous-requests-and-http-audits.md).
 */
import { serverAudits } from "graphql-http";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

describe("graphql-http server audits", () => {
  let yoga: ReturnType<typeof createTeikyo>;
  beforeAll(async () => {
    yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
  });

  const audits = (key: string | null) =>
    serverAudits({
      url: "http://teikyo.test/graphql",
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        if (key) headers.set("authorization", `Bearer ${key}`);
        return yoga.fetch(String(input), { ...init, headers });
      },
    });

  it.each(["hayate-logistics", "tokai-direct", "admin", "analytics"])(
    "passes every audit for the %s key",
    async (who) => {
      const list = audits(demoKey(who));
      expect(list.length).toBeGreaterThan(30);
      const failed: string[] = [];
      for (const audit of list) {
        const result = await audit.fn();
        if (result.status !== "ok") failed.push(`${result.status}: ${audit.name}: ${result.reason}`);
      }
      expect(failed).toEqual([]);
    },
  );

  it("answers every audit probe without a key with a 401 that says why", async () => {
    // Repeated failures from one address are rate limited (429): allow them all here.
    const open = createTeikyo({
      db: await testDb(),
      clock: () => NOW,
      rateLimits: { failedAuthPerIp: { points: 10_000, durationSeconds: 60 } },
    });
    const probes: Request[] = [];
    const list = serverAudits({
      url: "http://teikyo.test/graphql",
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(String(input), init);
        probes.push(request.clone());
        return open.fetch(request);
      },
    });
    for (const audit of list) await audit.fn();
    expect(probes.length).toBeGreaterThan(30);
    const statuses: number[] = [];
    for (const probe of probes) {
      const response = await open.fetch(probe);
      statuses.push(response.status);
      const body = (await response.json().catch(() => ({}))) as {
        data?: unknown;
        errors?: { extensions?: { code?: string } }[];
      };
      // Nothing is executed without a key; a malformed request is refused before that (4xx).
      expect(body.data ?? null).toBeNull();
      if (response.status === 401) expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      else expect(response.status).toBeGreaterThanOrEqual(400);
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(probes.length / 2);
  });
});
