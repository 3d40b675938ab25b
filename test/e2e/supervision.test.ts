/** Entrustee supervision (art. 25) through HTTP. */
import { describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");

describe("entrustee supervision (art. 25)", () => {
  it("records checks of entrustees only, and reports contract, last check and what each received", async () => {
    const gql = await client();
    await gql(
      demoKey("kumo-support"),
      `{ people(purpose: "customer_support", first: 3) { edges { node { fullName } } } }`,
    );
    const db = await testDb();
    const before = await db.entrusteeSupervision.count();
    const wrong = await gql(
      compliance,
      `mutation { recordEntrusteeSupervision(recipientId: "minato-card", checkedAt: "2026-11-20T00:00:00Z", result: SATISFACTORY,
        findings: "x", nextCheckDue: "2027-11-20T00:00:00Z") { id } }`,
    );
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({
      reason: "NOT_AN_ENTRUSTEE",
      problems: [{ rule: "APPI art. 25" }],
    });
    expect(await db.entrusteeSupervision.count()).toBe(before);
    const ok = await gql(
      compliance,
      `mutation { recordEntrusteeSupervision(recipientId: "kumo-support", checkedAt: "2026-11-20T00:00:00Z", result: IMPROVEMENT_REQUIRED,
        findings: "Access logs kept 30 days, contract asks 90", nextCheckDue: "2027-02-20T00:00:00Z") { contractRef result } }`,
    );
    expect(ok.body.data?.recordEntrusteeSupervision.result).toBe("IMPROVEMENT_REQUIRED");
    const report = await gql(
      compliance,
      `{ entrusteeSupervisionReport { recipientId contractRef status provisions people items lastCheck { result } } }`,
    );
    const rows = report.body.data?.entrusteeSupervisionReport as {
      recipientId: string;
      status: string;
      people: number;
    }[];
    const kumo = rows.find((r) => r.recipientId === "kumo-support");
    expect(kumo).toMatchObject({ status: "ACTION_NEEDED", lastCheck: { result: "IMPROVEMENT_REQUIRED" } });
    expect(kumo?.people).toBeGreaterThanOrEqual(3);
    expect(rows.map((r) => r.recipientId)).not.toContain("minato-card");
    expect(rows.find((r) => r.recipientId === "hayate-logistics")?.status).toBe("NEVER_CHECKED");
  });
});
