/**
 * Provisions refused to partners are stored (time, key, recipient, purpose, field, item,
 * reason, article, request id; no person, no variable) and answer compliance staff, listed
 * and counted per JST month, recipient and reason. A failure to store a refusal leaves the
 * refusal as it was.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/db/client.js";
import { refusalLogSettled } from "../../src/modules/refusals/use-refusal-log.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");
const compliance = demoKey("compliance");

interface Refusal {
  at: string;
  month: string;
  apiKeyId: string;
  recipientId: string;
  purposeCode: string | null;
  field: string | null;
  dataItem: string | null;
  reason: string;
  rule: string;
  requestId: string;
}

const LIST = `query($r: String) { provisionRefusals(recipientId: $r, first: 500) {
  at month apiKeyId recipientId purposeCode field dataItem reason rule requestId } }`;

describe("provision refusal log", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
    gql = await client();
  });

  const refusalsOf = async (requestId: string): Promise<Refusal[]> => {
    // The partner's answer does not wait for its log entry: wait for it here.
    await refusalLogSettled();
    const r = await gql(compliance, LIST, { r: null });
    expect(r.body.errors).toBeUndefined();
    return (r.body.data?.provisionRefusals as Refusal[]).filter((x) => x.requestId === requestId);
  };

  it("stores a refused field with its rule and article, by coordinate, not by the partner's alias", async () => {
    const refused = await gql(
      hayate,
      `{ people(purpose: "delivery") { edges { node { fullName mail: email } } } }`,
    );
    expect(refused.status).toBe(403);
    const requestId = refused.body.errors?.[0]?.extensions?.requestId;
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
    });
    const rows = await refusalsOf(requestId);
    const key = await db.apiKey.findFirstOrThrow({ where: { recipientId: "hayate-logistics" } });
    expect(rows).toEqual([
      {
        at: NOW.toISOString(),
        month: "2026-11",
        apiKeyId: key.id,
        recipientId: "hayate-logistics",
        purposeCode: "delivery",
        field: "Person.email",
        dataItem: "email",
        reason: "ITEM_OUTSIDE_PURPOSE",
        rule: "APPI art. 18(1)",
        requestId,
      },
    ]);
  });

  it("keeps no variable: a purpose outside the catalog is stored as none", async () => {
    const secret = "山田太郎 090-1234-5678";
    const refused = await gql(
      hayate,
      `query($p: String!) { people(purpose: $p) { edges { node { fullName } } } }`,
      { p: secret },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe("UNKNOWN_PURPOSE");
    const rows = await refusalsOf(refused.body.errors?.[0]?.extensions?.requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: "UNKNOWN_PURPOSE", rule: "APPI art. 17(1)", purposeCode: null });
    expect(JSON.stringify(rows)).not.toContain("山田");
    const stored = await db.provisionRefusal.findMany({ where: { requestId: rows[0]?.requestId } });
    // Not /090/: a random request id can hold those digits.
    expect(JSON.stringify(stored)).not.toMatch(/山田|090-1234|1234-5678/);
  });

  it("stores what the scope plugin refuses at execution (a route C check overdue), counted per JST month", async () => {
    // In June 2028 the conforming-system check of Pacific CRM (route C) is long overdue.
    const later = new Date("2028-06-10T00:00:00.000Z");
    const at = await client({ clock: () => later });
    const pacific = demoKey("pacific-crm");
    const query = `{ people(purpose: "business_contact", first: 1) { edges { node { fullName } } } }`;
    const summary = `query($from: DateTime!, $to: DateTime!) { provisionRefusalSummary(from: $from, to: $to) {
      month recipientId reason rule refusals } }`;
    const june = { from: "2028-05-31T15:00:00.000Z", to: "2028-06-30T15:00:00.000Z" };
    const before = await at(compliance, summary, june);
    const count = (r: typeof before) =>
      (r.body.data?.provisionRefusalSummary as { recipientId: string; refusals: number }[])
        .filter((c) => c.recipientId === "pacific-crm")
        .reduce((n, c) => n + c.refusals, 0);

    for (let i = 0; i < 2; i++) {
      const refused = await at(pacific, query);
      expect(refused.status).toBe(403);
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({
        reason: "FOREIGN_CHECK_OVERDUE",
        rule: "APPI R18(1)",
      });
    }
    await refusalLogSettled();
    const after = await at(compliance, summary, june);
    expect(after.body.errors).toBeUndefined();
    expect(count(after) - count(before)).toBe(2);
    expect(after.body.data?.provisionRefusalSummary).toContainEqual(
      expect.objectContaining({
        month: "2028-06",
        recipientId: "pacific-crm",
        reason: "FOREIGN_CHECK_OVERDUE",
        rule: "APPI R18(1)",
      }),
    );
    // The month is Japan's: 2028-06-30T15:00Z is already July in Tokyo.
    const july = await at(compliance, summary, { from: june.to, to: "2028-07-31T15:00:00.000Z" });
    expect(
      (july.body.data?.provisionRefusalSummary as { recipientId: string }[]).filter(
        (c) => c.recipientId === "pacific-crm",
      ),
    ).toEqual([]);
  });

  it("writes nothing for a provision that was allowed", async () => {
    await refusalLogSettled();
    const before = await db.provisionRefusal.count();
    const ok = await gql(hayate, `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`);
    expect(ok.body.errors).toBeUndefined();
    await refusalLogSettled();
    expect(await db.provisionRefusal.count()).toBe(before);
  });

  it("refuses just the same when the refusal cannot be stored", async () => {
    const broken = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === "provisionRefusal")
          return {
            createMany: () => Promise.reject(new Error("disk full")),
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const query = `{ people(purpose: "delivery") { edges { node { fullName email } } } }`;
    const logged = await gql(hayate, query);
    const reported = vi.spyOn(console, "error").mockImplementation(() => {});
    const unlogged = await (await client({ db: broken }))(hayate, query);
    await refusalLogSettled();
    expect(reported).toHaveBeenCalledWith(
      expect.stringMatching(/^provision refusal log write failed \(request [0-9a-f-]{36}\):$/),
      expect.not.stringContaining("disk full"),
    );
    reported.mockRestore();
    expect(unlogged.status).toBe(logged.status);
    expect(unlogged.body.data ?? null).toBeNull();
    const strip = (r: typeof logged) =>
      r.body.errors?.map(({ extensions, ...e }) => ({ ...e, extensions: { ...extensions, requestId: "-" } }));
    expect(strip(unlogged)).toEqual(strip(logged));
  });

  it("answers compliance and admin only", async () => {
    for (const key of [hayate, demoKey("analytics")]) {
      const r = await gql(key, `{ provisionRefusals { reason } }`);
      expect(r.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(r.body.data ?? null).toBeNull();
    }
    const admin = await gql(
      demoKey("admin"),
      `{ provisionRefusalSummary(from: "2026-01-01T00:00:00Z", to: "2027-03-01T00:00:00Z") { month } }`,
    );
    expect(admin.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
