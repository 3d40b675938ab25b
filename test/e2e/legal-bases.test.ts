/**
 * Every legal basis through HTTP on the demo world: each partner receives exactly the
 * lawful people and items (APPI art. 20, 27-28, 31, 35), and changes take effect at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { client, demoKey, testDb } from "../helpers.js";

const ALL = Array.from({ length: 1000 }, (_, k) => k + 1);
const id = (i: number) => `C${String(i).padStart(6, "0")}`;
const SUSPENDED_ALL = new Set([5]);
const admin = demoKey("admin");
const compliance = demoKey("compliance");

type Gql = Awaited<ReturnType<typeof client>>;

async function allIds(gql: Gql, key: string, purpose: string, field = "id", extra = ""): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await gql(
      key,
      `query($after: String) { people(purpose: "${purpose}", first: 500, after: $after) {
        edges { node { id: ${field} ${extra} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(res.body.errors).toBeUndefined();
    ids.push(...(res.body.data?.people.edges ?? []).map((e: { node: { id: string } }) => e.node.id));
    if (!res.body.data?.people.pageInfo.hasNextPage) return ids;
    after = res.body.data.people.pageInfo.endCursor;
  }
}

describe("legal bases end to end", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("27(1): the consent-based partner gets exactly the people whose consent names the items", async () => {
    const ids = await allIds(gql, demoKey("aoba-life"), "health_support");
    const expected = ALL.filter((i) => i % 10 === 1 && i % 30 !== 11 && !SUSPENDED_ALL.has(i)).map(id);
    expect(ids).toEqual(expected);
    const res = await gql(
      demoKey("aoba-life"),
      `{ person(purpose: "health_support", id: "C000021") { fullName medicalNote } }`,
    );
    expect(res.body.data?.person.fullName).toEqual(expect.any(String));
  });

  it("27(2): the opt-out partner gets everyone but opted-out, opt-out-acquired and improperly acquired people", async () => {
    const ids = await allIds(gql, demoKey("tokai-direct"), "mailing_list", "fullName");
    const excluded = ALL.filter((i) => i % 15 === 7 || i % 50 === 9 || i === 999 || SUSPENDED_ALL.has(i));
    expect(ids).toHaveLength(1000 - excluded.length);
  });

  it("28(1) route A: the US partner gets only people who consented on its statement", async () => {
    const ids = await allIds(gql, demoKey("northwind-ads"), "advertising");
    expect(ids).toEqual(ALL.filter((i) => i % 8 === 3 && !SUSPENDED_ALL.has(i)).map(id));
  });

  it("27(1): the linking partner is no entrustee (Q&A 7-42): it gets only people who consented", async () => {
    expect(await allIds(gql, demoKey("lumen-analytics"), "advertising")).toEqual(
      ALL.filter((i) => i % 4 === 0 && !SUSPENDED_ALL.has(i)).map(id),
    );
  });

  it("31: the partner linking cookie IDs gets only people it confirmed consent for", async () => {
    const ids = await allIds(gql, demoKey("lumen-analytics"), "advertising", "id", "cookieId");
    expect(ids).toEqual(ALL.filter((i) => i % 4 === 0 && !SUSPENDED_ALL.has(i)).map(id));
  });

  it("35: a suspension of use for marketing excludes the person from the joint user", async () => {
    const ids = await allIds(gql, demoKey("minato-card"), "marketing");
    expect(ids).not.toContain("C000006");
    expect(ids).not.toContain("C000005");
    expect(ids).toContain("C000007");
  });

  it("27(5)(ii): the successor receives without consent, suspensions still apply", async () => {
    const ids = await allIds(gql, demoKey("minato-next"), "business_succession");
    expect(ids).toHaveLength(1000 - 2); // C000005 (suspended), C000999 (improper)
  });

  it("hides why a person is withheld from the partner, and tells compliance", async () => {
    // C000011 withdrew their consent: the partner only learns the person is not available.
    const partner = await gql(
      demoKey("aoba-life"),
      `{ person(purpose: "health_support", id: "C000011") { fullName } }`,
    );
    expect(partner.body.data?.person).toBeNull();
    expect(partner.body.errors?.[0]?.extensions).toEqual({
      requestId: expect.any(String),
      code: "NOT_FOUND",
      reason: "PERSON_NOT_AVAILABLE",
    });
    expect(JSON.stringify(partner.body)).not.toMatch(/withdr|consent/i);
    const why = await gql(
      compliance,
      `{ provisionEligibility(personId: "C000007", recipientId: "tokai-direct", purpose: "mailing_list") { allowed included reason rule ground records } }`,
    );
    expect(why.body.data?.provisionEligibility).toEqual({
      allowed: true,
      included: false,
      reason: "OPTED_OUT",
      rule: "APPI art. 27(2)",
      ground: "OPT_OUT",
      records: ["OPT_OUT"],
    });
  });

  it("refuses a lookup by customer number to a partner whose scope lacks it, and a probe that asks for no item", async () => {
    const byNumber = await gql(
      demoKey("tokai-direct"),
      `{ person(purpose: "mailing_list", id: "C000002") { fullName address } }`,
    );
    expect(byNumber.status).toBe(403);
    expect(byNumber.body.errors?.[0]?.extensions).toMatchObject({
      code: "PROVISION_DENIED",
      dataItem: "customer_id",
    });
    // The existence probe the customer number allowed is refused too...
    const probe = await gql(
      demoKey("tokai-direct"),
      `{ person(purpose: "mailing_list", id: "C000001") { __typename } }`,
    );
    expect(probe.status).toBe(403);
    expect(probe.body.data ?? null).toBeNull();
    // ...and so is a page that asks for no item at all.
    const pageProbe = await gql(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list") { pageInfo { hasNextPage } } }`,
    );
    expect(pageProbe.body.errors?.[0]?.extensions?.reason).toBe("NO_DATA_ITEM_REQUESTED");
  });

  it("27(1): a withdrawal stops provision at once, and a new consent restores it", async () => {
    const aoba = demoKey("aoba-life");
    const q = `{ person(purpose: "health_support", id: "C000031") { fullName } }`;
    expect((await gql(aoba, q)).body.data?.person).not.toBeNull();
    const w = await gql(
      compliance,
      `mutation { withdrawConsent(id: "consent-aoba-C000031") { withdrawnAt } }`,
    );
    expect(w.body.data?.withdrawConsent.withdrawnAt).toEqual(expect.any(String));
    expect((await gql(aoba, q)).body.data?.person).toBeNull();
    const again = await gql(
      compliance,
      `mutation { registerConsent(input: { personId: "C000031", recipientId: "aoba-life", purpose: "health_support",
        items: ["customer_id", "full_name", "email", "phone", "birth_date", "gender", "medical_note"],
        method: "signed form", evidenceRef: "paper-2026-031" }) { id items } }`,
    );
    expect(again.body.data?.registerConsent.items).toContain("medical_note");
    expect((await gql(aoba, q)).body.data?.person).not.toBeNull();
  });

  it("35: a suspension to one recipient takes effect at once and can be lifted", async () => {
    const hayate = demoKey("hayate-logistics");
    const q = `{ person(purpose: "delivery", id: "C000002") { fullName } }`;
    const s = await gql(
      compliance,
      `mutation { registerSuspensionRequest(input: { personId: "C000002", scope: THIRD_PARTY_PROVISION,
        recipientId: "hayate-logistics", reason: "test" }) { id } }`,
    );
    const suspensionId = s.body.data?.registerSuspensionRequest.id;
    expect((await gql(hayate, q)).body.data?.person).toBeNull();
    expect(
      (await gql(demoKey("minato-card"), `{ person(purpose: "marketing", id: "C000002") { fullName } }`)).body
        .data?.person,
    ).not.toBeNull();
    await gql(compliance, `mutation { liftSuspensionRequest(id: "${suspensionId}") { liftedAt } }`);
    expect((await gql(hayate, q)).body.data?.person).not.toBeNull();
  });

  it("28(3): route C stops when a check cannot assure the measures, and resumes after a good one", async () => {
    const pacific = demoKey("pacific-crm");
    const q = `{ people(purpose: "business_contact", first: 1) { edges { node { fullName } } } }`;
    const check = (assured: boolean, day: string) =>
      gql(
        compliance,
        `mutation { recordConformingSystemCheck(recipientId: "pacific-crm", input: { basis: "CBPR",
          checkedAt: "2026-${day}T00:00:00Z", nextCheckDue: "2027-${day}T00:00:00Z", findings: "test", measuresAssured: ${assured} }) }`,
      );
    await check(false, "11-01");
    const stopped = await gql(pacific, q);
    expect(stopped.status).toBe(403);
    expect(stopped.body.errors?.[0]?.extensions).toMatchObject({
      reason: "FOREIGN_MEASURES_NOT_ASSURED",
      rule: "APPI art. 28(3)",
    });
    await check(true, "11-02");
    expect((await gql(pacific, q)).status).toBe(200);
  });

  describe("an opt-out recipient offered a sensitive item", () => {
    let key: string;
    beforeAll(async () => {
      await gql(
        admin,
        `mutation { createPurpose(input: { code: "health_list", description: "x", descriptionJa: "x", items: ["full_name", "medical_note"] }) { code } }`,
      );
      await gql(
        admin,
        `mutation { createRecipient(input: { id: "list-broker", name: "名簿商事", address: "東京都", representative: "代表",
          legalBasis: OPT_OUT, contractRef: "n/a", activeFrom: "2026-01-01T00:00:00Z", purposes: ["health_list"] }) { id } }`,
      );
      await gql(
        admin,
        `mutation { setRecipientScope(recipientId: "list-broker", purpose: "health_list", items: ["full_name", "medical_note"]) { id } }`,
      );
      key = (
        await createKey(await testDb(), CLI_ACTOR, {
          role: "PARTNER",
          recipientId: "list-broker",
          label: "test",
        })
      ).key;
    });

    it("refuses the sensitive item whole, naming art. 27(2)", async () => {
      const res = await gql(
        key,
        `{ people(purpose: "health_list") { edges { node { fullName medicalNote } } } }`,
      );
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        reason: "SENSITIVE_BY_OPT_OUT",
        rule: "APPI art. 27(2)",
      });
    });

    it("refuses everything until the opt-out notice is registered", async () => {
      const q = `{ people(purpose: "health_list", first: 1) { edges { node { fullName } } } }`;
      expect((await gql(key, q)).body.errors?.[0]?.extensions?.reason).toBe("OPT_OUT_NOTICE_MISSING");
      // Notified now, filed now, provision from the end of the 14-day waiting period.
      const notice = (items: string) => `mutation { publishOptOutNotice(recipientId: "list-broker", input: {
          providerName: "Minato", providerAddress: "Tokyo", providerRepresentative: "CEO",
          purposeStatement: "第三者への提供を利用目的とします", items: ${items}, acquisitionMethod: "web",
          provisionMethod: "file", stopOnRequest: true, requestMethod: "form", updateMethod: "monthly",
          notifiedAt: "2026-11-23T00:00:00Z", ppcFiledAt: "2026-11-23T00:00:00Z", startsAt: "2026-12-07T00:00:00Z" }) { version } }`;
      const sensitive = await gql(compliance, notice(`["full_name", "medical_note"]`));
      expect(sensitive.body.errors?.[0]?.extensions).toMatchObject({
        reason: "SENSITIVE_BY_OPT_OUT",
        problems: [{ rule: "APPI art. 27(2)" }],
      });
      const ok = await gql(compliance, notice(`["full_name"]`));
      expect(ok.body.errors).toBeUndefined();
      // Not in force before its start date, in force from it.
      expect((await gql(key, q)).body.errors?.[0]?.extensions?.reason).toBe("OPT_OUT_NOTICE_MISSING");
      const later = await client({ clock: () => new Date("2026-12-07T00:00:00Z") });
      expect((await later(key, q)).status).toBe(200);
    });
  });

  it("27(1)(i)-(vii): only compliance provides under a legal exception, with ground and reference, logged", async () => {
    const mutation = (
      ref: string,
    ) => `mutation { provideUnderLegalException(input: { ground: LAWS_AND_REGULATIONS,
      reference: "${ref}", recipientName: "警視庁", personIds: ["C000005"], items: ["full_name", "address"] }) { id data } }`;
    const res = await gql(compliance, mutation("捜査関係事項照会書 第123号"));
    // A suspension request does not stop a provision required by law.
    expect(res.body.data?.provideUnderLegalException.data).toEqual([
      { id: "C000005", fullName: expect.any(String), address: expect.any(String) },
    ]);
    const db = await testDb();
    expect(
      await db.legalExceptionProvision.count({ where: { reference: "捜査関係事項照会書 第123号" } }),
    ).toBe(1);
    expect((await gql(compliance, mutation(" "))).body.errors?.[0]?.message).toMatch(/reference/);
    for (const who of ["admin", "hayate-logistics"]) {
      expect((await gql(demoKey(who), mutation("x"))).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("R17(3): a foreign statement without a country needs the reason; consents must rest on the recipient's own statement", async () => {
    const bad = await gql(
      compliance,
      `mutation { publishForeignStatement(recipientId: "northwind-ads", input: { protectionSystem: "x", recipientMeasures: "y" }) }`,
    );
    expect(bad.body.errors?.[0]?.extensions?.problems).toEqual([
      {
        code: "COUNTRY_UNKNOWN_WITHOUT_REASON",
        rule: "APPI R17(3)",
        message: "Without a country, say why it is unknown.",
      },
    ]);
    const ok = await gql(
      compliance,
      `mutation { publishForeignStatement(recipientId: "northwind-ads", input: { countryUnknownReason: "Processing region chosen by the cloud provider at run time",
        substituteInformation: "One of the EU, the USA or Singapore; the contract binds each region to the same measures",
        protectionSystem: "Told per region on request", recipientMeasures: "Contractual clauses" }) }`,
    );
    expect(ok.body.data?.publishForeignStatement).toMatchObject({ version: 2, country: null });
    const wrong = await gql(
      compliance,
      `mutation { registerConsent(input: { personId: "C000001", recipientId: "aoba-life", purpose: "health_support", allItems: true,
        foreignStatementId: "stmt-northwind-v1", method: "x", evidenceRef: "y" }) { id } }`,
    );
    expect(wrong.body.errors?.[0]?.message).toMatch(/not one of recipient "aoba-life"/);
  });

  it("28(1): an entrustee abroad without route B or C needs route A consent, and is then a consent-based foreign provision", async () => {
    await gql(
      admin,
      `mutation { createRecipient(input: { id: "far-carrier", name: "Far Carrier Inc.", address: "Seattle, USA", representative: "CEO",
        country: "US", foreignRoute: CONSENT, legalBasis: ENTRUSTEE, contractRef: "DPA-1", activeFrom: "2026-01-01T00:00:00Z",
        purposes: ["delivery"] }) { id } }`,
    );
    await gql(
      admin,
      `mutation { setRecipientScope(recipientId: "far-carrier", purpose: "delivery", items: ["customer_id", "full_name"]) { id } }`,
    );
    const key = (
      await createKey(await testDb(), CLI_ACTOR, {
        role: "PARTNER",
        recipientId: "far-carrier",
        label: "test",
      })
    ).key;
    const q = `{ people(purpose: "delivery", first: 5) { edges { node { id fullName } } } }`;
    expect((await gql(key, q)).body.data?.people.edges).toEqual([]);
    const statement = await gql(
      compliance,
      `mutation { publishForeignStatement(recipientId: "far-carrier", input: { country: "US",
        protectionSystem: "No comprehensive federal law", recipientMeasures: "Deletes after delivery" }) }`,
    );
    const statementId = statement.body.data?.publishForeignStatement.id;
    await gql(
      compliance,
      `mutation { registerConsent(input: { personId: "C000001", recipientId: "far-carrier", purpose: "delivery", allItems: true,
        foreignStatementId: "${statementId}", method: "web", evidenceRef: "e-1" }) { id } }`,
    );
    const res = await gql(key, q);
    expect(res.body.data?.people.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["C000001"]);
    const why = await gql(
      compliance,
      `{ provisionEligibility(personId: "C000001", recipientId: "far-carrier", purpose: "delivery") { included ground records consentId } }`,
    );
    expect(why.body.data?.provisionEligibility).toMatchObject({
      included: true,
      ground: "FOREIGN_CONSENT",
      records: ["FOREIGN_CONSENT"],
    });
  });

  it("audits every change to a person's state with before and after", async () => {
    const events = await gql(
      compliance,
      `{ auditEvents(entity: "Consent", first: 5) { action before after } }`,
    );
    const actions = events.body.data?.auditEvents.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["consent.withdraw", "consent.register"]));
    const withdraw = events.body.data?.auditEvents.find(
      (e: { action: string }) => e.action === "consent.withdraw",
    );
    expect(withdraw.before.withdrawnAt).toBeNull();
    expect(withdraw.after.withdrawnAt).toEqual(expect.any(String));
  });

  it("shows compliance a person's whole privacy state", async () => {
    const res = await gql(
      compliance,
      `{ privacyState(personId: "C000005") { suspensionRequests { scope recipientId } consents { id } } }`,
    );
    expect(res.body.data?.privacyState.suspensionRequests).toEqual([
      { scope: "THIRD_PARTY_PROVISION", recipientId: null },
    ]);
    expect(
      (await gql(demoKey("hayate-logistics"), `{ privacyState(personId: "C000005") { personId } }`)).body
        .errors?.[0]?.extensions?.code,
    ).toBe("FORBIDDEN");
  });
});
