/**
 * Art. 30 both ways through HTTP: a recipient is told per provision how each group of people
 * was acquired (C000059 came by opt-out from a list broker), and staff keep a receipt ledger
 * that refuses incomplete records and changes nothing then.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");
type Gql = Awaited<ReturnType<typeof client>>;

describe("receipt records and acquisition facts (art. 30)", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("30(1)(ii): myProvisions says C000059's data came by opt-out from the list broker, with the PPC publication", async () => {
    const northwind = demoKey("northwind-ads");
    const got = await gql(northwind, `{ person(purpose: "advertising", id: "C000059") { cookieId } }`);
    expect(got.body.errors).toBeUndefined();
    const mine = await gql(
      northwind,
      `{ myProvisions(first: 500) { provider { name } nodes { personCount acquisitions { method sourceName ppcPublication personCount description } } } }`,
    );
    const last = mine.body.data?.myProvisions.nodes.at(-1);
    expect(last.personCount).toBe(1);
    expect(last.acquisitions).toEqual([
      {
        method: "BY_OPT_OUT",
        sourceName: "株式会社関東リストサービス (Kanto List Service Co., Ltd.)",
        ppcPublication: expect.stringContaining("OPT-2024-0456"),
        personCount: 1,
        description: "Entries to its prize campaigns, provided by opt-out",
      },
    ]);
    const direct = await gql(northwind, `{ person(purpose: "advertising", id: "C000003") { cookieId } }`);
    expect(direct.body.errors).toBeUndefined();
    const again = await gql(
      northwind,
      `{ myProvisions(first: 500) { nodes { acquisitions { method sourceName } } } }`,
    );
    expect(again.body.data?.myProvisions.nodes.at(-1).acquisitions).toEqual([
      { method: "DIRECT", sourceName: expect.stringContaining("ミナト") },
    ]);
  });

  it("keeps a receipt ledger: incomplete records are refused and change nothing; a good one marks how data is held", async () => {
    const db = await testDb();
    const before = await db.receiptRecord.count();
    const record = (extra: string, people = `["C000104"]`) =>
      gql(
        compliance,
        `mutation { recordReceipt(input: { receivedAt: "2026-11-20T00:00:00Z", providerName: "株式会社北海名簿",
          providerAddress: "札幌市中央区北1条西2-1", providerRepresentative: "代表取締役 北 一", providerAcquisition: "Membership cards",
          basis: OPT_OUT, items: ["full_name", "address"], personIds: ${people} ${extra} }) { id basis personIds keepUntil } }`,
      );
    const noPublication = await record("");
    expect(noPublication.body.errors?.[0]?.extensions).toMatchObject({
      reason: "PPC_PUBLICATION_MISSING",
      problems: [{ rule: "APPI R24(1); art. 27(4)" }],
    });
    const unknownPerson = await record(`, ppcPublication: "PPC 2026-10-01"`, `["C999999"]`);
    expect(unknownPerson.body.errors?.[0]?.message).toMatch(/Unknown people: C999999/);
    expect(await db.receiptRecord.count()).toBe(before);
    expect((await db.person.findUniqueOrThrow({ where: { id: "C000104" } })).acquisitionMethod).toBe(
      "DIRECT",
    );

    const ok = await record(`, ppcPublication: "PPC 2026-10-01"`);
    expect(ok.body.data?.recordReceipt).toMatchObject({
      basis: "OPT_OUT",
      personIds: ["C000104"],
      keepUntil: "2029-11-23T00:00:00.000Z",
    });
    // Now held by opt-out: Tokai Direct (opt-out) may no longer receive C000104.
    const tokai = await gql(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list", first: 500) { edges { node { fullName } } } }`,
    );
    expect(tokai.body.errors).toBeUndefined();
    const eligibility = await gql(
      compliance,
      `{ provisionEligibility(personId: "C000104", recipientId: "tokai-direct", purpose: "mailing_list") { included reason rule } }`,
    );
    expect(eligibility.body.data?.provisionEligibility).toEqual({
      included: false,
      reason: "ACQUIRED_BY_OPT_OUT",
      rule: "APPI art. 27(2)",
    });
    const ledger = await gql(
      compliance,
      `{ receiptRecords(personId: "C000104") { providerName ppcPublication } }`,
    );
    expect(ledger.body.data?.receiptRecords).toEqual([
      { providerName: "株式会社北海名簿", ppcPublication: "PPC 2026-10-01" },
    ]);
    // Disclosable to the person (art. 33(5)).
    const req = await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000104", deliveryMethod: ELECTRONIC_JSON }) { id } }`,
    );
    const id = req.body.data?.receiveDisclosureRequest.id;
    await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${id}", identityVerification: "マイナンバーカード") { status } }`,
    );
    const compiled = await gql(compliance, `mutation { compileDisclosureResponse(id: "${id}") { json } }`);
    expect(compiled.body.data?.compileDisclosureResponse.json.acquisition).toMatchObject({
      method: "BY_OPT_OUT",
      receiptRecords: [
        expect.objectContaining({ provider: expect.objectContaining({ name: "株式会社北海名簿" }) }),
      ],
    });
    // Leave the shared demo world as it was for other test files.
    await db.receiptRecord.delete({ where: { id: ok.body.data?.recordReceipt.id } });
    await db.person.update({ where: { id: "C000104" }, data: { acquisitionMethod: "DIRECT" } });
  });
});
