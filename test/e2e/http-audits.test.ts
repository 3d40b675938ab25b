/**
 * GraphQL over HTTP conformance: the graphql-http package's server audits (its MUST and
 * SHOULD checks) pass for partner keys, which introspect their own schema, for internal
 * keys, and for requests without a key, which get the public schema
 * (docs/decisions/0053-public-schema-for-keyless-requests.md).
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

  it.each([
    ["the hayate-logistics key", demoKey("hayate-logistics")],
    ["the tokai-direct key", demoKey("tokai-direct")],
    ["the admin key", demoKey("admin")],
    ["the analytics key", demoKey("analytics")],
    // No key: the public schema (0053), rate limited per address with its default budget.
    ["a request without a key", null],
  ])("passes every audit for %s", async (_who, key) => {
    const list = audits(key);
    expect(list.length).toBeGreaterThan(30);
    const failed: string[] = [];
    for (const audit of list) {
      const result = await audit.fn();
      if (result.status !== "ok") failed.push(`${result.status}: ${audit.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });
});
