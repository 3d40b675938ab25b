/**
 * A people cursor is bound to the key and the purpose it was issued for (AES-GCM associated
 * data): it pages on for them, and is refused with 400 for another key (even one with the
 * same purpose) and for the same key under another purpose, before any person is read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { client, copyDatabase, databaseUrl, demoKey } from "../helpers.js";

const page = (purpose: string, after?: string) =>
  `{ people(purpose: "${purpose}", first: 2${after ? `, after: "${after}"` : ""}) { edges { cursor node { fullName } } pageInfo { endCursor } } }`;

type Gql = Awaited<ReturnType<typeof client>>;

function expectRefused(res: Awaited<ReturnType<Gql>>) {
  expect(res.status).toBe(400);
  expect(res.body.data?.people ?? null).toBeNull();
  expect(res.body.errors?.[0]?.extensions).toMatchObject({
    code: "BAD_USER_INPUT",
    argument: "after",
    reason: "CURSOR_NOT_VALID",
  });
  expect(res.body.errors?.[0]?.message).toMatch(/only for the API key and purpose it was issued to/);
}

describe("people cursors", () => {
  let db: Db;
  let drop: () => Promise<void>;
  let gql: Gql;
  const hayate = demoKey("hayate-logistics");

  beforeAll(async () => {
    // A private copy: hayate gets a second purpose here.
    const copy = await copyDatabase(databaseUrl(), "people_cursor");
    drop = copy.drop;
    db = await createDb(copy.url);
    gql = await client({ db });
    const admin = demoKey("admin");
    const purposes = await gql(
      admin,
      `mutation { updateRecipient(id: "hayate-logistics", change: { purposes: ["delivery", "customer_support"] }) { id } }`,
    );
    expect(purposes.body.errors).toBeUndefined();
    const scope = await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "hayate-logistics", purpose: "customer_support", items: ["full_name"]) { id } }`,
    );
    expect(scope.body.errors).toBeUndefined();
    // kumo-support may receive for delivery too: a key with the same purpose as hayate's.
    await gql(
      admin,
      `mutation { updateRecipient(id: "kumo-support", change: { purposes: ["customer_support", "delivery"] }) { id } }`,
    );
    const kumo = await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "kumo-support", purpose: "delivery", items: ["full_name"]) { id } }`,
    );
    expect(kumo.body.errors).toBeUndefined();
    const own = await gql(demoKey("kumo-support"), page("delivery"));
    expect(own.body.errors).toBeUndefined();
  });

  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  it("page on for the key and purpose they were issued to", async () => {
    const first = await gql(hayate, page("delivery"));
    const cursor = first.body.data?.people.pageInfo.endCursor as string;
    expect(first.body.data?.people.edges.at(-1).cursor).toBeTruthy();
    const next = await gql(hayate, page("delivery", cursor));
    expect(next.status).toBe(200);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.people.edges).toHaveLength(2);
    // An edge's cursor is bound the same way.
    const fromEdge = await gql(hayate, page("delivery", first.body.data?.people.edges[0].cursor));
    expect(fromEdge.body.data?.people.edges[0].node).toEqual(first.body.data?.people.edges[1].node);
  });

  it("are refused for another key, even one with the same purpose", async () => {
    const cursor = (await gql(hayate, page("delivery"))).body.data?.people.pageInfo.endCursor as string;
    expect(cursor).toBeTruthy();
    expectRefused(await gql(demoKey("kumo-support"), page("delivery", cursor)));
    expectRefused(await gql(demoKey("kumo-support"), page("customer_support", cursor)));
    // The opt-out broker, whose scope has no customer number, cannot use it to position itself.
    expectRefused(await gql(demoKey("tokai-direct"), page("mailing_list", cursor)));
  });

  it("are refused for the same key under another purpose", async () => {
    const delivery = await gql(hayate, page("delivery"));
    const cursor = delivery.body.data?.people.pageInfo.endCursor as string;
    const support = await gql(hayate, page("customer_support"));
    expect(support.body.errors).toBeUndefined();
    expectRefused(await gql(hayate, page("customer_support", cursor)));
    const own = support.body.data?.people.pageInfo.endCursor as string;
    expect((await gql(hayate, page("customer_support", own))).body.errors).toBeUndefined();
  });
});
