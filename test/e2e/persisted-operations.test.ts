/**
 * Allow-listed operations: admins register the operations a recipient may run (refused when
 * they could never pass its scopes, naming the field and rule); an allow-list-only recipient
 * runs its registered operations by hash and nothing else; the provision record names the
 * operation run, and the hash chain still verifies. Uses a recipient of its own.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";

const RECIPIENT = `allow-list-${process.pid}`;
const DELIVERY = `query Delivery($purpose: ProvisionPurpose!, $first: Int) {
  people(purpose: $purpose, first: $first) { edges { node { id fullName } } }
}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("allow-listed operations", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let partner: string;
  const admin = demoKey("admin");

  /** A request by hash only, as persisted-operation clients send it. */
  async function byHash(key: string, hash: string, variables: Record<string, unknown>) {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const response = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Awaited<ReturnType<typeof gql>>["body"],
    };
  }

  const register = (document: string, recipientId = RECIPIENT) =>
    gql(
      admin,
      `mutation($r: ID!, $d: String!) { registerPersistedOperation(recipientId: $r, document: $d) { hash operationName } }`,
      { r: recipientId, d: document },
    );

  beforeAll(async () => {
    gql = await client();
    const created = await gql(
      admin,
      `mutation($input: RecipientInput!) { createRecipient(input: $input) { id } }`,
      {
        input: {
          id: RECIPIENT,
          name: "許可リスト配送株式会社 (Allow List Delivery K.K.)",
          address: "東京都千代田区丸の内1-1-1",
          representative: "代表取締役 許可 太郎",
          legalBasis: "ENTRUSTEE",
          contractRef: "業務委託契約 AL-TEST",
          activeFrom: "2026-01-01T00:00:00.000Z",
          purposes: ["delivery"],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const scope = await gql(
      admin,
      `mutation($r: ID!) { setRecipientScope(recipientId: $r, purpose: "delivery", items: ["customer_id", "full_name"]) { id } }`,
      { r: RECIPIENT },
    );
    expect(scope.body.errors).toBeUndefined();
    partner = (
      await createKey(await testDb(), CLI_ACTOR, {
        role: "PARTNER",
        recipientId: RECIPIENT,
        label: "allow list test",
      })
    ).key;
  });

  it("refuses to register an operation that could never pass, naming the field and rule", async () => {
    const outsidePurpose = await register(
      `query { people(purpose: delivery) { edges { node { fullName email } } } }`,
    );
    expect(outsidePurpose.body.data ?? null).toBeNull();
    expect(outsidePurpose.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
      dataItem: "email",
      field: "people.edges.node.email (Person.email)",
    });
    // In the delivery purpose but not entrusted to this recipient; a variable purpose is tried with each.
    const outsideScope = await register(
      `query($p: ProvisionPurpose!) { people(purpose: $p) { edges { node { fullName phone @include(if: false) } } } }`,
    );
    expect(outsideScope.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_NOT_IN_SCOPE",
      rule: "APPI art. 27(5)(i)",
      dataItem: "phone",
      purpose: "delivery",
    });
    expect(outsideScope.body.errors?.[0]?.message).toMatch(/could never pass the scope of recipient/);
    const otherPurpose = await register(`{ people(purpose: "marketing") { edges { node { fullName } } } }`);
    expect(otherPurpose.body.errors?.[0]?.extensions).toMatchObject({ reason: "PURPOSE_NOT_PERMITTED" });
    const mutation = await register(`mutation { setPrivacyBudget(epsilon: 1) { epsilon } }`);
    expect(mutation.body.errors?.[0]?.message).toBe("Recipients run queries only; register a query.");
    const listed = await gql(admin, `query($r: ID!) { persistedOperations(recipientId: $r) { hash } }`, {
      r: RECIPIENT,
    });
    expect(listed.body.data?.persistedOperations).toEqual([]);
  });

  it("runs only registered operations once allow-list only, and records which one", async () => {
    const registered = await register(DELIVERY);
    expect(registered.body.errors).toBeUndefined();
    const hash = registered.body.data?.registerPersistedOperation.hash;
    expect(hash).toBe(sha256(DELIVERY));
    expect(registered.body.data?.registerPersistedOperation.operationName).toBe("Delivery");

    // Not yet allow-list only: text still runs, and so does the hash.
    const text = `{ people(purpose: delivery, first: 1) { edges { node { fullName } } } }`;
    expect((await gql(partner, text)).body.data?.people.edges).toHaveLength(1);

    const only = await gql(
      admin,
      `mutation($r: ID!) { setRecipientAllowListOnly(recipientId: $r, allowListOnly: true) { allowListOnly } }`,
      { r: RECIPIENT },
    );
    expect(only.body.data?.setRecipientAllowListOnly.allowListOnly).toBe(true);

    const refused = await gql(partner, text);
    expect(refused.status).toBe(403);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      reason: "ALLOW_LIST_ONLY",
    });

    const unknown = await byHash(partner, sha256("{ viewer { label } }"), {});
    expect(unknown.status).toBe(403);
    expect(unknown.body.errors?.[0]?.extensions?.reason).toBe("PERSISTED_OPERATION_NOT_REGISTERED");

    const db = await testDb();
    const ran = await byHash(partner, hash, { purpose: "delivery", first: 2 });
    expect(ran.body.errors).toBeUndefined();
    expect(ran.body.data?.people.edges).toHaveLength(2);
    const events = await db.provisionEvent.findMany({
      where: { recipientId: RECIPIENT },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.persistedOperationId)).toEqual([null, hash]);
    expect((await verifyChain(db)).problems).toEqual([]);

    // Registered for this recipient only: another partner cannot run it by hash.
    const other = await byHash(demoKey("hayate-logistics"), hash, { purpose: "delivery" });
    expect(other.body.errors?.[0]?.extensions?.reason).toBe("PERSISTED_OPERATION_NOT_REGISTERED");
    // Internal keys keep sending text.
    expect((await gql(admin, `{ viewer { role } }`)).body.data?.viewer.role).toBe("ADMIN");
  });
});
