/**
 * Partner queries through HTTP: each recipient gets exactly its items for its purposes,
 * and every way of reaching an out-of-scope field is refused before any data is read.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, recordingDb, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");
const minato = demoKey("minato-card");

describe("partner scopes", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let reads: string[];

  beforeAll(async () => {
    const recording = recordingDb(await testDb());
    reads = recording.reads;
    gql = await client({ db: recording.db });
  });

  async function refusedBeforeRead(query: string, variables?: Record<string, unknown>, key = hayate) {
    reads.length = 0;
    const res = await gql(key, query, variables);
    expect(res.body.data ?? null).toBeNull();
    expect(reads).toEqual([]);
    return res;
  }

  it("gives an entrustee its entrusted items for delivery, with nested orders", async () => {
    const res = await gql(
      hayate,
      `{ people(purpose: "delivery", first: 3) {
          edges { node { id fullName postalCode prefecture address phone orders { orderedAt product } } }
          pageInfo { hasNextPage endCursor } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const edges = res.body.data?.people.edges;
    expect(edges).toHaveLength(3);
    expect(edges[0].node.id).toBe("C000001");
    expect(Object.keys(edges[0].node).sort()).toEqual(
      ["address", "fullName", "id", "orders", "phone", "postalCode", "prefecture"].sort(),
    );
    expect(res.body.data?.people.pageInfo.hasNextPage).toBe(true);
  });

  it("gives a joint user the announced marketing items", async () => {
    const res = await gql(
      minato,
      `{ person(purpose: "marketing", id: "C000002") { fullName email membershipTier orders { category amount } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data?.person).toMatchObject({
      fullName: expect.any(String),
      email: expect.stringMatching(/@example\./),
    });
  });

  it("refuses a field outside the recipient's scope, naming field, purpose, basis and rule", async () => {
    const res = await refusedBeforeRead(
      `{ people(purpose: "delivery") { edges { node { fullName email } } } }`,
    );
    expect(res.status).toBe(403);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: "PROVISION_DENIED",
      reason: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
      purpose: "delivery",
      dataItem: "email",
      basis: "ENTRUSTEE",
      field: "people.edges.node.email (Person.email)",
    });
  });

  it("refuses an item of the purpose that the entrustee's contract does not cover", async () => {
    const res = await refusedBeforeRead(
      `{ people(purpose: "delivery") { edges { node { fullNameKana } } } }`,
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_NOT_IN_SCOPE",
      rule: "APPI art. 27(5)(i)",
    });
  });

  it("refuses an unknown purpose", async () => {
    const res = await refusedBeforeRead(`{ people(purpose: "profiling") { edges { node { fullName } } } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "UNKNOWN_PURPOSE",
      rule: "APPI art. 17(1)",
    });
  });

  it("refuses another recipient's purpose", async () => {
    const res = await refusedBeforeRead(`{ people(purpose: "marketing") { edges { node { fullName } } } }`);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "PURPOSE_NOT_PERMITTED",
      rule: "APPI art. 27(5)(i)",
    });
  });

  it("refuses a purpose passed in a variable like a literal one", async () => {
    const res = await refusedBeforeRead(
      `query($p: String!) { people(purpose: $p) { edges { node { fullName } } } }`,
      { p: "marketing" },
    );
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("PURPOSE_NOT_PERMITTED");
  });

  it.each([
    ["an alias", `{ people(purpose: "delivery") { edges { node { name: fullName contact: email } } } }`],
    [
      "a named fragment",
      `{ people(purpose: "delivery") { edges { node { ...P } } } } fragment P on Person { fullName email }`,
    ],
    ["an inline fragment", `{ people(purpose: "delivery") { edges { node { ... on Person { email } } } } }`],
    [
      "a fragment on the root type",
      `query { ...Q } fragment Q on Query { people(purpose: "delivery") { edges { node { email } } } }`,
    ],
    ["nested orders", `{ people(purpose: "delivery") { edges { node { orders { amount } } } } }`],
    [
      "a second root field",
      `{ ok: people(purpose: "delivery") { edges { node { fullName } } } bad: person(purpose: "delivery", id: "C000001") { email } }`,
    ],
    [
      "a filter on an item out of scope",
      `{ people(purpose: "delivery", filter: { membershipTier: "gold" }) { edges { node { fullName } } } }`,
    ],
    [
      "@include with a variable",
      `query($yes: Boolean!) { people(purpose: "delivery") { edges { node { fullName email @include(if: $yes) } } } }`,
      { yes: true },
    ],
  ])("refuses a bypass through %s", async (_name, query, variables?: Record<string, unknown>) => {
    const res = await refusedBeforeRead(query, variables);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("PROVISION_DENIED");
  });

  it("skips a field @skip removes, as execution does", async () => {
    const res = await gql(
      hayate,
      `query($no: Boolean!) { people(purpose: "delivery", first: 1) { edges { node { fullName phone @include(if: $no) } } } }`,
      { no: false },
    );
    expect(res.status).toBe(200);
    expect(res.body.data?.people.edges[0].node).toEqual({ fullName: expect.any(String) });
  });

  it("refuses a field outside the key's schema even where @include drops it (validation is static)", async () => {
    const res = await refusedBeforeRead(
      `query($no: Boolean!) { people(purpose: "delivery", first: 1) { edges { node { fullName email @include(if: $no) } } } }`,
      { no: false },
    );
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_OUTSIDE_PURPOSE",
      dataItem: "email",
    });
  });

  it("allows a filter on an item in scope", async () => {
    const res = await gql(
      hayate,
      `{ people(purpose: "delivery", first: 5, filter: { prefecture: "東京都" }) { edges { node { prefecture } } } }`,
    );
    expect(res.status).toBe(200);
    const prefectures = res.body.data?.people.edges.map(
      (e: { node: { prefecture: string } }) => e.node.prefecture,
    );
    expect(prefectures.length).toBeGreaterThan(0);
    expect(new Set(prefectures)).toEqual(new Set(["東京都"]));
  });

  it.each(["admin", "compliance", "analytics"])("keeps the %s role away from people", async (role) => {
    const res = await refusedBeforeRead(
      `{ people(purpose: "delivery") { edges { node { fullName } } } }`,
      {},
      demoKey(role),
    );
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it.each([
    ["lumen-analytics", "advertising", "cookieId", true], // route B, consent-based, in Germany
    ["pacific-crm", "business_contact", "companyName", true], // route C entrustee in Singapore
    ["aoba-life", "health_support", "fullName", true], // consent basis: only consenting people
    ["tokai-direct", "mailing_list", "fullName", true], // opt-out with a registered notice
  ])("%s for %s: allowed=%s", async (recipient, purpose, field, allowed) => {
    const res = await gql(
      demoKey(recipient),
      `{ people(purpose: "${purpose}", first: 2) { edges { node { ${field} } } } }`,
    );
    expect(res.status).toBe(allowed ? 200 : 403);
    if (allowed) expect(res.body.data?.people.edges).toHaveLength(2);
  });

  it("pages through people with opaque cursors", async () => {
    const first = await gql(
      hayate,
      `{ people(purpose: "delivery", first: 2) { edges { node { id } cursor } pageInfo { endCursor } } }`,
    );
    const cursor = first.body.data?.people.pageInfo.endCursor;
    expect(cursor).not.toContain("C0000");
    const next = await gql(
      hayate,
      `query($c: String) { people(purpose: "delivery", first: 2, after: $c) { edges { node { id } } } }`,
      {
        c: cursor,
      },
    );
    expect(next.body.data?.people.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      "C000003",
      "C000004",
    ]);
  });

  it("rejects a forged cursor and an oversized page with a clear error", async () => {
    const forged = await gql(
      hayate,
      `{ people(purpose: "delivery", after: "abc") { edges { node { id } } } }`,
    );
    expect(forged.body.errors?.[0]?.message).toMatch(
      /Invalid cursor: a cursor works only for the API key and purpose it was issued to/,
    );
    const big = await gql(hayate, `{ people(purpose: "delivery", first: 100000) { edges { node { id } } } }`);
    expect(big.body.errors?.[0]?.message).toMatch(/first must be between 1 and 500/);
    expect(big.body.data?.people ?? null).toBeNull();
  });

  it("returns null for a person that does not exist, with the same error as for one withheld", async () => {
    const res = await gql(hayate, `{ person(purpose: "delivery", id: "C999999") { fullName } }`);
    expect(res.status).toBe(200);
    expect(res.body.data?.person).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toEqual({
      requestId: expect.any(String),
      code: "NOT_FOUND",
      reason: "PERSON_NOT_AVAILABLE",
    });
  });

  it("reads a whole page's orders with the page, in its one statement (no N+1)", async () => {
    reads.length = 0;
    const res = await gql(
      hayate,
      `{ people(purpose: "delivery", first: 100) { edges { node { orders { product } } } } }`,
    );
    expect(res.body.data?.people.edges).toHaveLength(100);
    expect(reads).toEqual(["person.page"]);
  });
});
