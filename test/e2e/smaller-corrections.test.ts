/**
 * Issue 12 item 7 through HTTP: stops cite the paragraph of art. 35 they rest on, the
 * academic-research exceptions are split (27(1)(v)-(vii)), a statement without a country
 * gives substitute information (R17(3)-(4)), and a person can be told about a route C
 * recipient (28(3), R18(3)).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");
type Gql = Awaited<ReturnType<typeof client>>;

describe("smaller corrections", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("35(3): a stop of provision in breach of 27(1)/28 is cited as 35(3); a ground that does not fit is refused", async () => {
    const db = await testDb();
    const before = await db.suspensionRequest.count();
    const wrong = await gql(
      compliance,
      `mutation { registerSuspensionRequest(input: { personId: "C000044", scope: USE_FOR_PURPOSE, purpose: "marketing",
        reason: "x", ground: BREACH_27_28 }) { id } }`,
    );
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({
      reason: "GROUND_DOES_NOT_FIT_SCOPE",
      problems: [{ rule: "APPI art. 35(3)" }],
    });
    expect(await db.suspensionRequest.count()).toBe(before);
    const ok = await gql(
      compliance,
      `mutation { registerSuspensionRequest(input: { personId: "C000044", scope: THIRD_PARTY_PROVISION,
        recipientId: "minato-next", reason: "Provided without a lawful basis", ground: BREACH_27_28 }) { id ground } }`,
    );
    expect(ok.body.data?.registerSuspensionRequest.ground).toBe("BREACH_27_28");
    const eligibility = await gql(
      compliance,
      `{ provisionEligibility(personId: "C000044", recipientId: "minato-next", purpose: "business_succession") { included reason rule } }`,
    );
    expect(eligibility.body.data?.provisionEligibility).toEqual({
      included: false,
      reason: "SUSPENDED_PROVISION",
      rule: "APPI art. 35(3)",
    });
    await gql(
      compliance,
      `mutation { liftSuspensionRequest(id: "${ok.body.data?.registerSuspensionRequest.id}") { id } }`,
    );
  });

  it("27(1)(vii): a provision to an academic research institution names its own ground", async () => {
    const res = await gql(
      compliance,
      `mutation { provideUnderLegalException(input: { ground: ACADEMIC_RESEARCH_RECIPIENT, reference: "共同研究契約 R-7",
        recipientName: "国立研究所", personIds: ["C000013"], items: ["birth_date"] }) { ground } }`,
    );
    expect(res.body.data?.provideUnderLegalException.ground).toBe("ACADEMIC_RESEARCH_RECIPIENT");
    const old = await gql(
      compliance,
      `mutation { provideUnderLegalException(input: { ground: ACADEMIC_RESEARCH, reference: "x",
        recipientName: "y", personIds: ["C000013"], items: ["birth_date"] }) { ground } }`,
    );
    expect(old.body.errors?.[0]?.message).toMatch(/ACADEMIC_RESEARCH/);
    expect(old.body.data ?? null).toBeNull();
  });

  it("R17(3)-(4): a statement without a country must say what can be told instead", async () => {
    const res = await gql(
      compliance,
      `mutation { publishForeignStatement(recipientId: "northwind-ads", input: { countryUnknownReason: "Not chosen yet",
        protectionSystem: "x", recipientMeasures: "y" }) }`,
    );
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      reason: "SUBSTITUTE_INFORMATION_MISSING",
      problems: [{ rule: "APPI R17(3)-(4)" }],
    });
  });

  it("28(3), R18(3): staff can tell a person about a route C recipient, in Japanese and English", async () => {
    const res = await gql(
      compliance,
      `{ foreignProvisionInformation(recipientId: "pacific-crm") { ja en } }`,
    );
    expect(res.body.data?.foreignProvisionInformation.ja).toContain("Pacific CRM");
    expect(res.body.data?.foreignProvisionInformation.ja).toContain("少なくとも年1回");
    expect(res.body.data?.foreignProvisionInformation.en).toContain("CBPR");
    const notC = await gql(
      compliance,
      `{ foreignProvisionInformation(recipientId: "hayate-logistics") { ja } }`,
    );
    expect(notC.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
