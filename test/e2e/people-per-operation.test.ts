/**
 * What a query costs is limited, however it is written: the people all `people` fields of
 * one operation may return together are capped (1,000 by default) with the variables as
 * coerced, so `first: $n` counts like a literal, and the refusal comes before any
 * resolver runs and before any record is written.
 */
import { describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");
const fields = (n: number, first: string) =>
  Array.from(
    { length: n },
    (_, i) => `p${i}: people(purpose: "delivery", first: ${first}) { edges { node { fullName } } }`,
  ).join("\n");

describe("people per operation", () => {
  it("refuses fifteen root people fields of first: $n = 500 before running any", async () => {
    const gql = await client();
    const db = await testDb();
    const before = await db.provisionEvent.count();
    const res = await gql(hayate, `query($n: Int) { ${fields(15, "$n")} }`, { n: 500 });
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "peoplePerOperation",
      max: 1000,
    });
    expect(res.body.errors?.[0]?.message).toMatch(/asks for up to 7500 people; at most 1000 per operation/);
    expect(await db.provisionEvent.count()).toBe(before);
  });

  it("counts a variable like the same literal, and the default page size when first is absent", async () => {
    const gql = await client();
    const literal = await gql(hayate, `{ ${fields(3, "500")} }`);
    const variable = await gql(hayate, `query($n: Int) { ${fields(3, "$n")} }`, { n: 500 });
    expect(literal.body.errors?.[0]?.extensions?.limit).toBe("peoplePerOperation");
    expect(variable.body.errors?.[0]?.extensions?.limit).toBe("peoplePerOperation");
    const small = await gql(hayate, `query($n: Int) { ${fields(2, "$n")} }`, { n: 3 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    // The same text again with a small value: counted from this request's variables.
    const again = await gql(hayate, `query($n: Int) { ${fields(3, "$n")} }`, { n: 3 });
    expect(again.body.errors).toBeUndefined();
  });
});
