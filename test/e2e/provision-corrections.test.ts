/**
 * Issue 12's "wrong today" cases through HTTP: an entrustee that links data is no entrustee
 * (Q&A 7-42), individual numbers go only to a My Number entrustee, and a record says exactly
 * what left (art. 29).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { client, demoKey, testDb } from "../helpers.js";

const admin = demoKey("admin");
const compliance = demoKey("compliance");
const aoba = demoKey("aoba-life");
type Gql = Awaited<ReturnType<typeof client>>;

describe("provision corrections", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("27(5)(i), Q&A 7-42: an entrustee that links the data with its own is refused entrustment", async () => {
    const created = await gql(
      admin,
      `mutation { createRecipient(input: { id: "i12-linker", name: "Linker KK", address: "Tokyo", representative: "CEO",
        legalBasis: ENTRUSTEE, contractRef: "DPA-9", activeFrom: "2026-01-01T00:00:00Z", purposes: ["delivery"] }) { id } }`,
    );
    expect(created.body.errors).toBeUndefined();
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "i12-linker", purpose: "delivery", items: ["full_name"]) { id } }`,
    );
    const db = await testDb();
    await db.recipient.update({ where: { id: "i12-linker" }, data: { linksReferableData: true } });
    const { key } = await createKey(db, CLI_ACTOR, {
      role: "PARTNER",
      recipientId: "i12-linker",
      label: "i12",
    });
    const before = await db.provisionEvent.count({ where: { recipientId: "i12-linker" } });
    const res = await gql(key, `{ people(purpose: "delivery", first: 2) { edges { node { fullName } } } }`);
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: "PROVISION_DENIED",
      reason: "ENTRUSTEE_LINKS_DATA",
      rule: "APPI art. 27(5)(i); PPC Q&A 7-42",
    });
    expect(await db.provisionEvent.count({ where: { recipientId: "i12-linker" } })).toBe(before);
  });

  it("My Number Act 19-20: an individual number only ever enters the scope of a My Number entrustee", async () => {
    const item = await gql(
      admin,
      `mutation { createDataItem(input: { code: "i12_my_number", label: "Individual number", labelJa: "個人番号", class: MY_NUMBER }) { code class } }`,
    );
    expect(item.body.data?.createDataItem).toEqual({ code: "i12_my_number", class: "MY_NUMBER" });
    const purpose = await gql(
      admin,
      `mutation { createPurpose(input: { code: "i12_payroll", description: "Withholding tax slips", descriptionJa: "源泉徴収票の作成",
        items: ["full_name", "i12_my_number"] }) { code } }`,
    );
    expect(purpose.body.errors).toBeUndefined();
    const recipient = (id: string, basis: string, flag: boolean) =>
      gql(
        admin,
        `mutation { createRecipient(input: { id: "${id}", name: "${id}", address: "Tokyo", representative: "CEO",
          legalBasis: ${basis}, contractRef: "c", activeFrom: "2026-01-01T00:00:00Z", purposes: ["i12_payroll"],
          myNumberTasks: ${flag} }) { id myNumberTasks } }`,
      );
    const flaggedConsent = await recipient("i12-consent-mn", "THIRD_PARTY_CONSENT", true);
    expect(flaggedConsent.body.errors?.[0]?.extensions).toMatchObject({
      reason: "MY_NUMBER_NOT_ALLOWED",
      problems: [{ rule: "My Number Act art. 19-20" }],
    });
    expect((await recipient("i12-payroll-co", "ENTRUSTEE", true)).body.data?.createRecipient).toEqual({
      id: "i12-payroll-co",
      myNumberTasks: true,
    });
    expect((await recipient("i12-plain-co", "ENTRUSTEE", false)).body.errors).toBeUndefined();
    const scope = (id: string) =>
      gql(
        admin,
        `mutation { setRecipientScope(recipientId: "${id}", purpose: "i12_payroll", items: ["full_name", "i12_my_number"]) { scopes { purpose items } } }`,
      );
    const refused = await scope("i12-plain-co");
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      reason: "MY_NUMBER_NOT_ALLOWED",
      problems: [{ code: "MY_NUMBER_NOT_ALLOWED", rule: "My Number Act art. 19-20" }],
    });
    expect((await scope("i12-payroll-co")).body.data?.setRecipientScope.scopes).toEqual([
      { purpose: "i12_payroll", items: ["full_name", "i12_my_number"] },
    ]);
    const consent = await gql(
      compliance,
      `mutation { registerConsent(input: { personId: "C000002", recipientId: "i12-payroll-co", purpose: "i12_payroll",
        items: ["i12_my_number"], method: "paper", evidenceRef: "e" }) { id } }`,
    );
    expect(consent.body.errors?.[0]?.extensions?.reason).toBe("MY_NUMBER_NOT_ALLOWED");
  });

  it("29: a query whose sensitive field is null for everyone writes no event; the event lists only items that left", async () => {
    const db = await testDb();
    // The first people Aoba receives (consented, not withdrawn), in customer-number order.
    const eligible = await db.person.findMany({
      where: {
        consents: { some: { recipientId: "aoba-life", withdrawnAt: null } },
        suspensionRequests: { none: {} },
      },
      select: { id: true, medicalNote: true },
      orderBy: { id: "asc" },
      take: 20,
    });
    const k = eligible.findIndex((p) => p.medicalNote !== null);
    expect(k).toBeGreaterThan(0);
    const count = () => db.provisionEvent.count({ where: { recipientId: "aoba-life" } });
    const before = await count();
    const onlyNull = await gql(
      aoba,
      `{ people(purpose: "health_support", first: ${k}) { edges { node { medicalNote } } } }`,
    );
    expect(onlyNull.body.data?.people.edges).toEqual(
      Array.from({ length: k }, () => ({ node: { medicalNote: null } })),
    );
    expect(await count()).toBe(before);

    const mixed = await gql(
      aoba,
      `{ people(purpose: "health_support", first: ${k + 1}) { edges { node { fullName medicalNote } } } }`,
    );
    expect(mixed.body.errors).toBeUndefined();
    expect(await count()).toBe(before + 1);
    const event = await db.provisionEvent.findFirstOrThrow({
      where: { recipientId: "aoba-life" },
      orderBy: { seq: "desc" },
      include: { people: { orderBy: { personId: "asc" } } },
    });
    expect(event.items).toEqual(["full_name", "medical_note"]);
    expect(event.people.map((p) => [p.personId, p.items])).toEqual(
      eligible
        .slice(0, k + 1)
        .map((p) => [p.id, p.medicalNote === null ? ["full_name"] : ["full_name", "medical_note"]]),
    );

    const nameOnly = await gql(
      aoba,
      `{ people(purpose: "health_support", first: ${k}) { edges { node { fullName medicalNote } } } }`,
    );
    expect(nameOnly.body.errors).toBeUndefined();
    const last = await db.provisionEvent.findFirstOrThrow({
      where: { recipientId: "aoba-life" },
      orderBy: { seq: "desc" },
    });
    // Nobody's medical note left, so the record does not say it did.
    expect(last.items).toEqual(["full_name"]);
  });
});

describe("scope discovery (viewer)", () => {
  it("lists only what can actually be asked for, and each listed item is answered", async () => {
    const gql = await client();
    const northwind = demoKey("northwind-ads");
    const viewer = await gql(northwind, `{ viewer { recipient { scopes { purpose items } } } }`);
    const scopes = viewer.body.data?.viewer.recipient.scopes as { purpose: string; items: string[] }[];
    const advertising = scopes.find((s) => s.purpose === "advertising")?.items ?? [];
    // order_category is in Northwind's scope, but orders { category } also needs order_history.
    expect(advertising).not.toContain("order_category");
    const refused = await gql(
      northwind,
      `{ people(purpose: "advertising", first: 1) { edges { node { orders { category } } } } }`,
    );
    expect(refused.status).toBe(403);
    expect(advertising).toEqual(expect.arrayContaining(["cookie_id", "customer_id"]));
    // Admins still see the scope as stored.
    const stored = await gql(admin, `{ recipient(id: "northwind-ads") { scopes { purpose items } } }`);
    expect(stored.body.data?.recipient.scopes[0].items).toContain("order_category");
  });
});
