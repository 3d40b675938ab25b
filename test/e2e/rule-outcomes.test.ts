/**
 * Rules moved out of resolvers (consent registration, notices, legal-exception limits) answer
 * through HTTP with their outcome: the code, the article, the message; and nothing is written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");
type Gql = Awaited<ReturnType<typeof client>>;

describe("rule outcomes through the API", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it.each([
    {
      rule: "18(1) a consent naming an item its purpose does not use",
      mutation: `mutation { registerConsent(input: { personId: "C000002", recipientId: "aoba-life", purpose: "health_support",
        items: ["cookie_id"], method: "web", evidenceRef: "e" }) { id } }`,
      code: "ITEM_OUTSIDE_PURPOSE",
      article: "APPI art. 18(1)",
    },
    {
      rule: "27(1) a consent to both a recipient and a group",
      mutation: `mutation { registerConsent(input: { personId: "C000002", recipientId: "aoba-life", recipientGroup: "g",
        purpose: "health_support", allItems: true, method: "web", evidenceRef: "e" }) { id } }`,
      code: "CONSENT_RECIPIENT_UNCLEAR",
      article: "APPI art. 27(1)",
    },
    {
      rule: "17(1) a consent for a purpose never announced",
      mutation: `mutation { registerConsent(input: { personId: "C000002", recipientId: "aoba-life", purpose: "profiling",
        allItems: true, method: "web", evidenceRef: "e" }) { id } }`,
      code: "UNKNOWN_PURPOSE",
      article: "APPI art. 17(1)",
    },
    {
      rule: "27(5)(iii) a joint-use notice for an entrustee",
      mutation: `mutation { publishJointUseNotice(recipientId: "hayate-logistics", input: { jointUsers: "x", items: ["full_name"],
        purposes: ["delivery"], responsibleName: "a", responsibleAddress: "b", responsibleRepresentative: "c",
        announcedAt: "2026-01-01T00:00:00Z" }) { version } }`,
      code: "WRONG_LEGAL_BASIS",
      article: "APPI art. 27(5)(iii)",
    },
    {
      rule: "R16 a conforming-system check on an unknown basis",
      mutation: `mutation { recordConformingSystemCheck(recipientId: "pacific-crm", input: { basis: "HANDSHAKE",
        checkedAt: "2026-11-01T00:00:00Z", nextCheckDue: "2027-06-01T00:00:00Z", findings: "x", measuresAssured: true }) }`,
      code: "UNKNOWN_CONFORMING_BASIS",
      article: "APPI R16",
    },
    {
      rule: "house policy: a legal exception for more than 100 people",
      mutation: `mutation { provideUnderLegalException(input: { ground: LAWS_AND_REGULATIONS, reference: "令状 1",
        recipientName: "警視庁", personIds: [${Array.from({ length: 101 }, (_, i) => `"C${String(i + 1).padStart(6, "0")}"`).join(",")}],
        items: ["full_name"] }) { id } }`,
      code: "EXCEPTION_PEOPLE_OUT_OF_BOUNDS",
      article: "House policy: legal exceptions name 1 to 100 people",
    },
  ])("$rule", async ({ mutation, code, article }) => {
    const db = await testDb();
    const before = await Promise.all([
      db.consent.count(),
      db.jointUseNotice.count(),
      db.conformingSystemCheck.count(),
      db.legalExceptionProvision.count(),
      db.auditEvent.count(),
    ]);
    const res = await gql(compliance, mutation);
    expect(res.status).toBe(400);
    const ext = res.body.errors?.[0]?.extensions;
    expect(ext?.code).toBe("BAD_USER_INPUT");
    expect(ext?.reason).toBe(code);
    expect(ext?.problems?.[0]).toMatchObject({ code, rule: article });
    const after = await Promise.all([
      db.consent.count(),
      db.jointUseNotice.count(),
      db.conformingSystemCheck.count(),
      db.legalExceptionProvision.count(),
      db.auditEvent.count(),
    ]);
    expect(after).toEqual(before);
  });
});
