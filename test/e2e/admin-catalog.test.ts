/** Admins manage purposes, items, recipients and scopes; bad input changes nothing; all is audited. */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const admin = demoKey("admin");

describe("admin catalog management", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client();
  });

  it("creates a purpose and audits it", async () => {
    const res = await gql(
      admin,
      `mutation { createPurpose(input: { code: "survey", description: "Questionnaires", descriptionJa: "アンケート",
        items: ["full_name", "email"] }) { code items } }`,
    );
    expect(res.body.data?.createPurpose).toEqual({ code: "survey", items: ["email", "full_name"] });
    const audit = await gql(
      admin,
      `{ auditEvents(entity: "Purpose", entityId: "survey") { action actor before after } }`,
    );
    expect(audit.body.data?.auditEvents).toEqual([
      {
        action: "purpose.create",
        actor: "admin:demo admin",
        before: null,
        after: expect.objectContaining({ code: "survey" }),
      },
    ]);
  });

  it.each([
    ["an unknown item", `["full_name", "blood_type"]`, /Data item "blood_type" does not exist/],
    ["no items", `[]`, /must name at least one data item/],
  ])("refuses a purpose with %s and writes nothing", async (_name, items, message) => {
    const db = await testDb();
    const before = await db.auditEvent.count();
    const res = await gql(
      admin,
      `mutation { createPurpose(input: { code: "bad_purpose", description: "x", descriptionJa: "x", items: ${items} }) { code } }`,
    );
    expect(res.body.errors?.[0]?.message).toMatch(message);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await db.purpose.findUnique({ where: { code: "bad_purpose" } })).toBeNull();
    expect(await db.auditEvent.count()).toBe(before);
  });

  describe("a new entrustee", () => {
    beforeAll(async () => {
      const res = await gql(
        admin,
        `mutation { createRecipient(input: { id: "sora-print", name: "そら印刷株式会社", address: "大阪府大阪市北区1-1",
          representative: "代表取締役 空野 一郎", legalBasis: ENTRUSTEE, contractRef: "印刷委託契約 SP-1",
          activeFrom: "2026-01-01T00:00:00Z", purposes: ["delivery"] }) { id purposes } }`,
      );
      expect(res.body.data?.createRecipient).toEqual({ id: "sora-print", purposes: ["delivery"] });
    });

    it("gets a scope within its contract, recorded with before and after", async () => {
      const res = await gql(
        admin,
        `mutation { setRecipientScope(recipientId: "sora-print", purpose: "delivery", items: ["full_name", "address"]) {
          scopes { purpose items } } }`,
      );
      expect(res.body.data?.setRecipientScope.scopes).toEqual([
        { purpose: "delivery", items: ["address", "full_name"] },
      ]);
      const audit = await gql(
        admin,
        `{ auditEvents(entity: "Recipient", entityId: "sora-print", first: 1) { action before after } }`,
      );
      const event = audit.body.data?.auditEvents[0];
      expect(event.action).toBe("recipient.setScope");
      expect(event.before.items).toEqual([]);
      expect(event.after.items).toHaveLength(2);
    });

    it("is refused a purpose outside its contract, and nothing changes", async () => {
      const res = await gql(
        admin,
        `mutation { setRecipientScope(recipientId: "sora-print", purpose: "marketing", items: ["full_name"]) { id } }`,
      );
      expect(res.body.errors?.[0]?.message).toMatch(
        /outside the recipient's contract.*APPI art\. 27\(5\)\(i\)/,
      );
      const db = await testDb();
      expect(
        await db.recipientItem.count({ where: { recipientId: "sora-print", purposeCode: "marketing" } }),
      ).toBe(0);
    });

    it("is refused an item its purpose does not use", async () => {
      const res = await gql(
        admin,
        `mutation { setRecipientScope(recipientId: "sora-print", purpose: "delivery", items: ["medical_note"]) { id } }`,
      );
      expect(res.body.errors?.[0]?.message).toMatch(/not used by purpose "delivery".*APPI art\. 18\(1\)/);
    });
  });

  it("refuses a foreign recipient without a route", async () => {
    const res = await gql(
      admin,
      `mutation { createRecipient(input: { id: "far-away", name: "Far Away LLC", address: "x", representative: "y",
        country: "US", legalBasis: ENTRUSTEE, contractRef: "c", activeFrom: "2026-01-01T00:00:00Z", purposes: ["delivery"] }) { id } }`,
    );
    expect(res.body.errors?.[0]?.message).toMatch(/needs a foreign route/);
  });

  it("takes a narrowed scope into effect on the next partner query", async () => {
    const kumo = demoKey("kumo-support");
    const query = `{ people(purpose: "customer_support", first: 1) { edges { node { email } } } }`;
    expect((await gql(kumo, query)).status).toBe(200);
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "kumo-support", purpose: "customer_support", items: ["customer_id", "full_name"]) { id } }`,
    );
    const after = await gql(kumo, query);
    expect(after.status).toBe(403);
    expect(after.body.errors?.[0]?.extensions?.reason).toBe("ITEM_NOT_IN_SCOPE");
    // restore the demo scope for other tests
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "kumo-support", purpose: "customer_support",
        items: ["customer_id", "full_name", "full_name_kana", "email", "phone", "order_history", "order_date", "order_product"]) { id } }`,
    );
  });

  it.each(["hayate-logistics", "compliance", "analytics"])(
    "keeps %s from changing the catalog",
    async (who) => {
      const res = await gql(
        demoKey(who),
        `mutation { updateDataItem(code: "email", change: { class: SENSITIVE }) { code } }`,
      );
      expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const db = await testDb();
      expect(await db.dataItemClassVersion.count({ where: { itemCode: "email" } })).toBe(1);
    },
  );

  it("lets compliance read recipients and audit events but not change them", async () => {
    const res = await gql(demoKey("compliance"), `{ recipients { id legalBasis country foreignRoute } }`);
    expect(res.body.data?.recipients.map((r: { legalBasis: string }) => r.legalBasis)).toEqual(
      expect.arrayContaining(["ENTRUSTEE", "JOINT_USE", "SUCCESSION", "THIRD_PARTY_CONSENT", "OPT_OUT"]),
    );
  });
});
