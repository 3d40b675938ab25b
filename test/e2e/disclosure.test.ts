/** A disclosure request from receipt to delivery, with a withheld record (art. 33(5), CO 11). */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey } from "../helpers.js";

const compliance = demoKey("compliance");

describe("disclosure requests", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client();
    // Provisions to disclose: a consent-based one and an entrustment.
    await gql(
      demoKey("aoba-life"),
      `{ person(purpose: "health_support", id: "C000051") { fullName medicalNote } }`,
    );
    await gql(
      demoKey("hayate-logistics"),
      `{ person(purpose: "delivery", id: "C000051") { fullName address } }`,
    );
    await gql(
      demoKey("tokai-direct"),
      `{ people(purpose: "mailing_list", first: 60) { edges { node { fullName address } } } }`,
    );
  });

  it("receives, verifies an agent, withholds a record, compiles, and delivers", async () => {
    const received = await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000051", deliveryMethod: ELECTRONIC_JSON, agentName: "弁護士 甲野" }) {
        id status feeYen dueBy overdue } }`,
    );
    const request = received.body.data?.receiveDisclosureRequest;
    expect(request).toMatchObject({ status: "RECEIVED", feeYen: 1000, overdue: false });
    const early = await gql(
      compliance,
      `mutation { compileDisclosureResponse(id: "${request.id}") { csv } }`,
    );
    expect(early.body.errors?.[0]?.message).toMatch(/received request cannot become compiled/);

    const noAuthority = await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${request.id}", identityVerification: "passport") { status } }`,
    );
    expect(noAuthority.body.errors?.[0]?.message).toMatch(/proof of the agent's authority/);
    const verified = await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${request.id}", identityVerification: "passport copy", agentAuthority: "委任状") { status } }`,
    );
    expect(verified.body.data?.verifyDisclosureRequest.status).toBe("VERIFIED");

    const records = await gql(
      compliance,
      `{ provisionRecords(filter: { personId: "C000051" }) { nodes { id recipientId } } }`,
    );
    // Every provision to the list broker about this person is withheld (earlier tests may have made more than one).
    const tokai = records.body.data?.provisionRecords.nodes.filter(
      (n: { recipientId: string }) => n.recipientId === "tokai-direct",
    );
    expect(tokai.length).toBeGreaterThan(0);
    for (const event of tokai) {
      const withheld = await gql(
        compliance,
        `mutation { withholdProvisionRecord(requestId: "${request.id}", eventId: "${event.id}", ground: CRIME_INVESTIGATION,
          note: "Police inquiry pending") { withheld { eventId ground } } }`,
      );
      expect(withheld.body.data?.withholdProvisionRecord.withheld).toContainEqual({
        eventId: event.id,
        ground: "CRIME_INVESTIGATION",
      });
    }

    const compiled = await gql(
      compliance,
      `mutation { compileDisclosureResponse(id: "${request.id}") { json csv html partialRefusalNotice request { status } } }`,
    );
    const response = compiled.body.data?.compileDisclosureResponse;
    expect(response.request.status).toBe("COMPILED");
    expect(response.json.retainedPersonalData.id).toBe("C000051");
    const recipients = response.json.provisionRecords.map(
      (r: { recipient: { name: string } }) => r.recipient.name,
    );
    expect(recipients.some((n: string) => n.includes("アオバ生命"))).toBe(true);
    expect(recipients.some((n: string) => n.includes("ハヤテ物流"))).toBe(true);
    expect(recipients.some((n: string) => n.includes("東海ダイレクト"))).toBe(false);
    expect(response.csv.split("\n")[0]).toBe(
      "providedAt,recipient,country,purpose,ground,items,consentRelied",
    );
    expect(response.html).toContain("<h2>第三者提供記録 / Records of provision to others</h2>");
    expect(response.html).not.toContain("<script");
    expect(response.partialRefusalNotice).toContain("CO 11(iv)");

    const delivered = await gql(
      compliance,
      `mutation { markDisclosureDelivered(id: "${request.id}") { status deliveredAt } }`,
    );
    expect(delivered.body.data?.markDisclosureDelivered.status).toBe("DELIVERED");
  });

  it("lists overdue requests", async () => {
    await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000042", deliveryMethod: POSTAL_MAIL, receivedAt: "2026-11-01T00:00:00Z" }) { id } }`,
    );
    const res = await gql(compliance, `{ disclosureRequests(overdueOnly: true) { personId overdue dueBy } }`);
    expect(res.body.data?.disclosureRequests).toEqual([
      { personId: "C000042", overdue: true, dueBy: "2026-11-15T00:00:00.000Z" },
    ]);
  });

  it("keeps partners out", async () => {
    const res = await gql(demoKey("hayate-logistics"), `{ disclosureRequests { id } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
