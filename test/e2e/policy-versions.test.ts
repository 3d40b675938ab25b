/**
 * What was announced is what is enforced, end to end through HTTP: a purpose change takes
 * effect only from its announced date and does not widen consents given before it; a
 * reclassified item does not either; joint-use items and users cannot change (art. 27(6));
 * an opt-out notice needs notification and the waiting period; records name the versions
 * in force and still verify; bad versions are refused whole, naming the rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NOTICES } from "../../src/demo/person-states.js";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";
import { inclusionBothWays } from "./inclusion-parity.js";

const admin = demoKey("admin");
const compliance = demoKey("compliance");
const northwind = demoKey("northwind-ads");
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const NORTHWIND_ITEMS = [
  "customer_id",
  "cookie_id",
  "device_id",
  "gender",
  "birth_date",
  "prefecture",
  "order_category",
];

type Gql = Awaited<ReturnType<typeof client>>;
let gql: Gql;
beforeAll(async () => {
  gql = await client();
});

async function lastEvent(recipientId: string) {
  const db = await testDb();
  return db.provisionEvent.findFirstOrThrow({ where: { recipientId }, orderBy: { seq: "desc" } });
}

describe("a purpose change (email added to advertising, art. 17(2), 21(3), 27(1), 28(1))", () => {
  let scopeBefore: string[];
  const emailQuery = `{ person(purpose: "advertising", id: "C000003") { id email } }`;
  let consentId: string | undefined;

  beforeAll(async () => {
    const db = await testDb();
    scopeBefore = (
      await db.recipientItem.findMany({ where: { recipientId: "northwind-ads", purposeCode: "advertising" } })
    ).map((i) => i.itemCode);
  });
  afterAll(async () => {
    const later = await client({ clock: () => day("2026-12-02") });
    if (consentId) await later(compliance, `mutation { withdrawConsent(id: "${consentId}") { id } }`);
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "northwind-ads", purpose: "advertising", items: ${JSON.stringify(scopeBefore)}) { id } }`,
    );
  });

  it("is announced now for a later date, and refused before that date", async () => {
    const published = await gql(
      admin,
      `mutation { publishPurposeVersion(code: "advertising", input: {
        items: ["customer_id", "cookie_id", "device_id", "last_ip", "gender", "birth_date", "prefecture", "order_category", "email"],
        changeNote: "Ads are also sent by email; customers who receive ads could expect this.",
        effectiveFrom: "2026-11-30T00:00:00Z" }) { id version announcedAt effectiveFrom items } }`,
    );
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data?.publishPurposeVersion).toMatchObject({
      version: 2,
      announcedAt: NOW.toISOString(),
      effectiveFrom: "2026-11-30T00:00:00.000Z",
    });
    const scope = await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "northwind-ads", purpose: "advertising", items: ${JSON.stringify([...scopeBefore, "email"])}) { id } }`,
    );
    expect(scope.body.errors).toBeUndefined();
    const before = await gql(northwind, emailQuery);
    expect(before.status).toBe(403);
    expect(before.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_OUTSIDE_PURPOSE",
      rule: "APPI art. 18(1)",
    });
    const purposes = await gql(admin, `{ purposes { code items inForce { version } } }`);
    const advertising = purposes.body.data?.purposes.find((p: { code: string }) => p.code === "advertising");
    expect(advertising).toMatchObject({ inForce: { version: 1 } });
    expect(advertising.items).not.toContain("email");
  });

  it("once in force, does not reach people whose consent was given on version 1", async () => {
    const later = await client({ clock: () => day("2026-12-01") });
    const refused = await later(northwind, emailQuery);
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe("PERSON_NOT_AVAILABLE");
    const list = await later(
      northwind,
      `{ people(purpose: "advertising", first: 5) { edges { node { id email } } } }`,
    );
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data?.people.edges).toEqual([]);
    // Without email, the version-1 consents still cover what they covered.
    const cookie = await later(northwind, `{ person(purpose: "advertising", id: "C000003") { cookieId } }`);
    expect(cookie.body.data?.person.cookieId).toEqual(expect.any(String));
    const parity = await inclusionBothWays(
      await testDb(),
      "northwind-ads",
      "advertising",
      [...NORTHWIND_ITEMS, "email"],
      day("2026-12-01"),
    );
    expect(parity.bySql).toEqual(parity.byRule);
    expect(parity.byRule).toEqual([]);
  });

  it("reaches a person after a new consent on version 2, and the record names the versions", async () => {
    const later = await client({ clock: () => day("2026-12-01") });
    const consent = await later(
      compliance,
      `mutation { registerConsent(input: { personId: "C000003", recipientId: "northwind-ads", purpose: "advertising",
        allItems: true, foreignStatementId: "stmt-northwind-v1", method: "banner v2", evidenceRef: "e-v2" }) { id purposeVersionId } }`,
    );
    expect(consent.body.errors).toBeUndefined();
    consentId = consent.body.data?.registerConsent.id;
    const db = await testDb();
    const v2 = await db.purposeVersion.findUniqueOrThrow({
      where: { purposeCode_version: { purposeCode: "advertising", version: 2 } },
    });
    expect(consent.body.data?.registerConsent.purposeVersionId).toBe(v2.id);
    const res = await later(northwind, emailQuery);
    expect(res.body.data?.person).toEqual({ id: "C000003", email: expect.stringContaining("@") });
    // The statement in force then (another test file may have published a later one).
    const statement = await db.foreignStatement.findFirstOrThrow({
      where: { recipientId: "northwind-ads", publishedAt: { lte: day("2026-12-01") } },
      orderBy: { version: "desc" },
    });
    const event = await lastEvent("northwind-ads");
    expect(event).toMatchObject({
      purposeVersionId: v2.id,
      foreignStatementId: statement.id,
      ground: "FOREIGN_CONSENT",
    });
    const parity = await inclusionBothWays(
      db,
      "northwind-ads",
      "advertising",
      [...NORTHWIND_ITEMS, "email"],
      day("2026-12-01"),
    );
    expect(parity.bySql).toEqual(parity.byRule);
    expect(parity.byRule).toEqual(["C000003"]);
  });

  it("refuses bad versions whole, naming the rule, and writes nothing", async () => {
    const db = await testDb();
    const count = await db.purposeVersion.count({ where: { purposeCode: "advertising" } });
    const cases: [string, RegExp, string][] = [
      [
        `items: ["cookie_id", "blood_type"], changeNote: "x"`,
        /Data item "blood_type" does not exist/,
        "APPI art. 17(1)",
      ],
      [
        `changeNote: "x", announcedAt: "2026-12-20T00:00:00Z", effectiveFrom: "2026-12-10T00:00:00Z"`,
        /before it is announced/,
        "APPI art. 21(3)",
      ],
      [
        `changeNote: "x", effectiveFrom: "2026-11-25T00:00:00Z"`,
        /must take effect after it/,
        "APPI art. 21(3)",
      ],
      [
        `changeNote: "x", announcedAt: "2026-01-01T00:00:00Z", effectiveFrom: "2027-01-01T00:00:00Z"`,
        /cannot be back-dated/,
        "APPI art. 21(3)",
      ],
      [
        `items: ["cookie_id", "medical_note"], changeNote: "x", effectiveFrom: "2027-01-01T00:00:00Z"`,
        /sensitive item/,
        "APPI art. 17(2); art. 20(2)",
      ],
      [
        `items: ["cookie_id"], changeNote: " ", effectiveFrom: "2027-01-01T00:00:00Z"`,
        /changeNote/,
        "APPI art. 17(2)",
      ],
    ];
    for (const [input, message, rule] of cases) {
      const res = await gql(
        admin,
        `mutation { publishPurposeVersion(code: "advertising", input: { ${input} }) { id } }`,
      );
      expect(res.body.errors?.[0]?.message).toMatch(message);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(res.body.errors?.[0]?.extensions?.problems.map((p: { rule: string }) => p.rule)).toContain(rule);
    }
    expect(await db.purposeVersion.count({ where: { purposeCode: "advertising" } })).toBe(count);
    const v1 = await db.purposeVersion.findUniqueOrThrow({
      where: { purposeCode_version: { purposeCode: "advertising", version: 1 } },
    });
    expect(v1.effectiveUntil?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});

describe("a reclassified item does not widen consents (art. 27(1))", () => {
  const key = demoKey("aoba-life");
  let consentId: string | undefined;
  afterAll(async () => {
    // Sensitive again from the next day, so later tests see the demo classes.
    await gql(
      admin,
      `mutation { updateDataItem(code: "medical_note", change: { class: SENSITIVE, effectiveFrom: "2026-12-16T00:00:00Z" }) { code } }`,
    );
    if (consentId) await gql(compliance, `mutation { withdrawConsent(id: "${consentId}") { id } }`);
  });

  it("keeps a sensitive item out of an allItems consent after it becomes ordinary", async () => {
    // C000002 has no Aoba consent in the demo world; this one covers health_support's items.
    const consent = await gql(
      compliance,
      `mutation { registerConsent(input: { personId: "C000002", recipientId: "aoba-life", purpose: "health_support",
        allItems: true, method: "web", evidenceRef: "e-allitems" }) { id } }`,
    );
    expect(consent.body.errors).toBeUndefined();
    consentId = consent.body.data?.registerConsent.id;
    const q = (field: string) => `{ person(purpose: "health_support", id: "C000002") { ${field} } }`;
    expect((await gql(key, q("fullName"))).body.data?.person).toEqual({ fullName: expect.any(String) });
    expect((await gql(key, q("medicalNote"))).body.errors?.[0]?.extensions?.reason).toBe(
      "PERSON_NOT_AVAILABLE",
    );

    const reclass = await gql(
      admin,
      `mutation { updateDataItem(code: "medical_note", change: { class: ORDINARY, effectiveFrom: "2026-12-15T00:00:00Z",
        note: "test" }) { code class classVersions { version class effectiveFrom effectiveUntil } } }`,
    );
    expect(reclass.body.errors).toBeUndefined();
    expect(reclass.body.data?.updateDataItem.class).toBe("SENSITIVE"); // not yet
    const later = await client({ clock: () => day("2026-12-15") });
    const items = await later(admin, `{ dataItems { code class } }`);
    expect(items.body.data?.dataItems.find((i: { code: string }) => i.code === "medical_note").class).toBe(
      "ORDINARY",
    );
    const res = await later(key, q("medicalNote"));
    expect(res.body.errors?.[0]?.extensions?.reason).toBe("PERSON_NOT_AVAILABLE");
    const parity = await inclusionBothWays(
      await testDb(),
      "aoba-life",
      "health_support",
      ["full_name", "medical_note"],
      day("2026-12-15"),
    );
    expect(parity.bySql).toEqual(parity.byRule);
    expect(parity.byRule).not.toContain("C000002");
  });
});

describe("joint use (art. 27(6))", () => {
  // The demo's announced joint-use notice, as the seed wrote it.
  const { jointUsers, items, purposes, responsibleName, responsibleAddress, responsibleRepresentative } =
    DEMO_NOTICES.jointUse;
  const base = {
    jointUsers,
    items,
    purposes,
    responsibleName,
    responsibleAddress,
    responsibleRepresentative,
  };
  const publish = (over: Record<string, unknown>) =>
    gql(
      compliance,
      `mutation($input: JointUseNoticeInput!) { publishJointUseNotice(recipientId: "minato-card", input: $input) { version effectiveFrom } }`,
      { input: { ...base, ...over } },
    );

  it.each([
    ["an added item", { items: [...base.items, "phone"] }, "JOINT_USE_ITEMS_CHANGED"],
    ["wider joint users", { jointUsers: "any partner the company designates" }, "JOINT_USERS_CHANGED"],
    [
      "a back-dated purpose change",
      { purposes: ["marketing", "billing"], announcedAt: "2024-01-01T00:00:00Z" },
      "ANNOUNCEMENT_BACKDATED",
    ],
    [
      "a purpose change effective at once",
      { purposes: ["marketing", "billing"] },
      "CHANGE_NOT_ANNOUNCED_IN_ADVANCE",
    ],
  ])("refuses %s, citing the article, and changes nothing", async (_name, over, code) => {
    const db = await testDb();
    const before = await db.jointUseNotice.count({ where: { recipientId: "minato-card" } });
    const res = await publish(over);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.body.errors?.[0]?.extensions?.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code })]),
    );
    if (code !== "ANNOUNCEMENT_BACKDATED")
      expect(res.body.errors?.[0]?.message).toMatch(/APPI art\. 27\(6\)/);
    expect(await db.jointUseNotice.count({ where: { recipientId: "minato-card" } })).toBe(before);
    // The joint user still gets only the announced items.
    const phone = await gql(
      demoKey("minato-card"),
      `{ person(purpose: "marketing", id: "C000002") { phone } }`,
    );
    expect(phone.status).toBe(403);
  });

  it("records the notice version in force with each provision", async () => {
    const res = await gql(
      demoKey("minato-card"),
      `{ person(purpose: "marketing", id: "C000002") { fullName } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(await lastEvent("minato-card")).toMatchObject({
      noticeVersionId: "jun1-minato-card",
      purposeVersionId: "pv1-marketing",
    });
  });
});

describe("opt-out notices (art. 27(2)-(3), Rules art. 11(1))", () => {
  it("is in force only once people were notified and the waiting period passed, until cessation", async () => {
    const db = await testDb();
    await gql(
      admin,
      `mutation { createRecipient(input: { id: "dm-broker", name: "DM商事", address: "東京都", representative: "代表",
        legalBasis: OPT_OUT, contractRef: "n/a", activeFrom: "2026-01-01T00:00:00Z", purposes: ["mailing_list"] }) { id } }`,
    );
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "dm-broker", purpose: "mailing_list", items: ["full_name"]) { id } }`,
    );
    const key = (await createKey(db, CLI_ACTOR, { role: "PARTNER", recipientId: "dm-broker", label: "test" }))
      .key;
    const q = `{ people(purpose: "mailing_list", first: 1) { edges { node { fullName } } } }`;
    const fields = {
      providerName: "Minato",
      providerAddress: "Tokyo",
      providerRepresentative: "CEO",
      purposeStatement: "第三者への提供を利用目的とします",
      items: ["full_name"],
      acquisitionMethod: "web",
      provisionMethod: "file",
      stopOnRequest: true,
      requestMethod: "form",
      updateMethod: "monthly",
      ppcFiledAt: day("2026-01-05"),
    };
    // A notice as migrated from before versions: no notification date, so not in force.
    await db.optOutNotice.create({
      data: {
        recipientId: "dm-broker",
        version: 1,
        ...fields,
        startsAt: day("2026-02-01"),
        announcedAt: day("2026-01-05"),
      },
    });
    const unnotified = await gql(key, q);
    expect(unnotified.status).toBe(403);
    expect(unnotified.body.errors?.[0]?.extensions).toMatchObject({
      reason: "OPT_OUT_NOT_STARTED",
      rule: "APPI art. 27(2); Rules art. 11(1)",
    });
    const published = await gql(
      compliance,
      `mutation($input: OptOutNoticeInput!) { publishOptOutNotice(recipientId: "dm-broker", input: $input) { id version } }`,
      {
        input: {
          ...fields,
          ppcFiledAt: "2026-11-23T00:00:00Z",
          notifiedAt: "2026-11-23T00:00:00Z",
          startsAt: "2026-12-07T00:00:00Z",
        },
      },
    );
    expect(published.body.data?.publishOptOutNotice.version).toBe(2);
    expect((await gql(key, q)).status).toBe(403);
    const later = await client({ clock: () => day("2026-12-07") });
    expect((await later(key, q)).status).toBe(200);
    expect((await lastEvent("dm-broker")).noticeVersionId).toBe(published.body.data?.publishOptOutNotice.id);
    const unfiled = await later(
      compliance,
      `mutation { ceaseOptOutProvision(recipientId: "dm-broker", ceasedAt: "2026-12-20T00:00:00Z", cessationFiledAt: null) { id } }`,
    );
    expect(unfiled.body.errors).toBeDefined();
    const ceased = await later(
      compliance,
      `mutation { ceaseOptOutProvision(recipientId: "dm-broker", ceasedAt: "2026-12-20T00:00:00Z",
        cessationFiledAt: "2026-12-07T00:00:00Z") { effectiveUntil } }`,
    );
    expect(ceased.body.data?.ceaseOptOutProvision.effectiveUntil).toBe("2026-12-20T00:00:00.000Z");
    const after = await client({ clock: () => day("2026-12-21") });
    expect((await after(key, q)).body.errors?.[0]?.extensions?.reason).toBe("OPT_OUT_NOTICE_MISSING");
  });

  it("refuses a start before the waiting period after notification, naming the rule", async () => {
    const db = await testDb();
    const before = await db.optOutNotice.count({ where: { recipientId: "tokai-direct" } });
    const res = await gql(
      compliance,
      `mutation { publishOptOutNotice(recipientId: "tokai-direct", input: { providerName: "Minato", providerAddress: "Tokyo",
        providerRepresentative: "CEO", purposeStatement: "第三者への提供を利用目的とします", items: ["full_name"],
        acquisitionMethod: "web", provisionMethod: "file", stopOnRequest: true, requestMethod: "form", updateMethod: "monthly",
        notifiedAt: "2026-11-23T00:00:00Z", ppcFiledAt: "2026-11-23T00:00:00Z", startsAt: "2026-11-30T00:00:00Z" }) { id } }`,
    );
    expect(res.body.errors?.[0]?.message).toMatch(/14 days after people were notified.*Rules art\. 11\(1\)/);
    expect(await db.optOutNotice.count({ where: { recipientId: "tokai-direct" } })).toBe(before);
  });

  it("records the notice version with each opt-out provision", async () => {
    const res = await gql(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list", first: 1) { edges { node { fullName } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(await lastEvent("tokai-direct")).toMatchObject({
      noticeVersionId: "oon1-tokai-direct",
      purposeVersionId: "pv1-mailing_list",
    });
  });
});

it("records the route C check in force, and the chain still verifies", async () => {
  // A moment no other test provides at, so this provision's record is easy to find.
  const at = new Date("2026-11-25T03:00:00Z");
  const res = await (
    await client({ clock: () => at })
  )(
    demoKey("pacific-crm"),
    `{ people(purpose: "business_contact", first: 1) { edges { node { fullName } } } }`,
  );
  expect(res.body.errors).toBeUndefined();
  const db = await testDb();
  const check = await db.conformingSystemCheck.findFirstOrThrow({
    where: { recipientId: "pacific-crm", checkedAt: { lte: at } },
    orderBy: { checkedAt: "desc" },
  });
  const event = await lastEvent("pacific-crm");
  expect(event.conformingCheckId).toBe(check.id);
  const records = await gql(
    compliance,
    `{ provisionRecords(filter: { recipientId: "pacific-crm", from: "${at.toISOString()}" }) {
      nodes { id conformingCheckId purposeVersionId } } }`,
  );
  expect(records.body.data?.provisionRecords.nodes).toContainEqual({
    id: event.id,
    conformingCheckId: check.id,
    purposeVersionId: "pv1-business_contact",
  });
  expect((await verifyChain(db)).problems).toEqual([]);
});
