/** API keys over HTTP: missing, malformed, unknown, expired and revoked keys get a 401 and no data. */
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey, revokeKey } from "../../src/modules/keys/key-admin.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";

const QUERY = `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`;

describe("authentication", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let expired: string;
  let revoked: string;

  beforeAll(async () => {
    const db = await testDb();
    gql = await client();
    expired = (
      await createKey(db, CLI_ACTOR, {
        role: "PARTNER",
        recipientId: "hayate-logistics",
        label: "test expired",
        expiresAt: new Date(NOW.getTime() - 1000),
      })
    ).key;
    const r = await createKey(db, CLI_ACTOR, {
      role: "PARTNER",
      recipientId: "hayate-logistics",
      label: "test revoked",
    });
    await revokeKey(db, CLI_ACTOR, r.id);
    revoked = r.key;
  });

  it.each([
    { case: "no header", key: null, message: /Missing API key/ },
    { case: "a malformed key", key: "not-a-key", message: /Malformed API key/ },
    { case: "an unknown key id", key: "tk_nosuchkey_abcdefghijklmnopqrstuv", message: /Unknown API key/ },
    { case: "a wrong secret", key: "tk_demohayate_WrongSecretWrongSecret", message: /Unknown API key/ },
  ])("refuses $case with 401", async ({ key, message }) => {
    const res = await gql(key, QUERY);
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.message).toMatch(message);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired key with 401, saying when it expired", async () => {
    const res = await gql(expired, QUERY);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.message).toMatch(/expired on/);
    expect(res.body.data ?? null).toBeNull();
  });

  it("refuses a revoked key with 401", async () => {
    const res = await gql(revoked, QUERY);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.message).toMatch(/revoked/);
  });

  it("accepts a valid key and tells it who it is", async () => {
    const res = await gql(
      demoKey("hayate-logistics"),
      `{ viewer { keyId role recipient { id legalBasis } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data?.viewer).toEqual({
      keyId: "demohayate",
      role: "PARTNER",
      recipient: { id: "hayate-logistics", legalBasis: "ENTRUSTEE" },
    });
  });

  it("stores only a hash of the secret", async () => {
    const db = await testDb();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: "demohayate" } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain("DemoOnly-HayateLogistics");
  });
});
