/** A leak report (art. 26, Rules art. 7) from the provision records, through HTTP. */
import { describe, expect, it } from "vitest";
import { client, demoKey } from "../helpers.js";

const compliance = demoKey("compliance");

describe("leak report (art. 26)", () => {
  it("finds who and what left to a recipient in a period, and applies the Rules art. 7 thresholds", async () => {
    const day = new Date("2027-02-01T10:00:00Z");
    const then = await client({ clock: () => day });
    const aoba = await then(
      demoKey("aoba-life"),
      `{ people(purpose: "health_support", first: 40) { edges { node { id medicalNote } } } }`,
    );
    const withNotes = (
      aoba.body.data?.people.edges as { node: { id: string; medicalNote: string | null } }[]
    ).filter((e) => e.node.medicalNote !== null);
    expect(withNotes.length).toBeGreaterThan(0);
    const gql = await client();
    const window = `from: "2027-02-01T00:00:00Z", to: "2027-02-02T00:00:00Z"`;
    const sensitive = await gql(
      compliance,
      `{ leakReport(recipientId: "aoba-life", ${window}) { personCount items sensitiveItems reportable grounds { code rule } finalReportDays peopleCsv } }`,
    );
    const r = sensitive.body.data?.leakReport;
    expect(r.personCount).toBe(40);
    expect(r.sensitiveItems).toEqual(["medical_note"]);
    expect(r).toMatchObject({ reportable: true, finalReportDays: 30 });
    expect(r.grounds).toEqual([{ code: "SENSITIVE_DATA", rule: "APPI art. 26(1); R7(i)" }]);
    expect(r.peopleCsv.startsWith("\uFEFFpersonId,items")).toBe(true);

    await then(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list", first: 30) { edges { node { fullName } } } }`,
    );
    const plain = await gql(
      compliance,
      `{ leakReport(recipientId: "tokai-direct", ${window}) { personCount reportable grounds { code } } }`,
    );
    expect(plain.body.data?.leakReport).toEqual({ personCount: 30, reportable: false, grounds: [] });
    const attack = await gql(
      compliance,
      `{ leakReport(recipientId: "tokai-direct", ${window}, improperPurpose: true) { reportable grounds { rule } finalReportDays } }`,
    );
    expect(attack.body.data?.leakReport).toEqual({
      reportable: true,
      grounds: [{ rule: "APPI art. 26(1); R7(iii)" }],
      finalReportDays: 60,
    });
    const unknown = await gql(compliance, `{ leakReport(recipientId: "nobody") { reportable } }`);
    expect(unknown.body.errors?.[0]?.message).toMatch(/Recipient "nobody" does not exist/);
  });
});
