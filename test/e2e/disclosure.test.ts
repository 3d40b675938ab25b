/**
 * A disclosure request from receipt to delivery (art. 33): a record withheld under CO 11 is
 * left out silently; a part refused under 33(2) and a difficult method are notified.
 */
import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { takeCheckpoint } from "../../src/modules/records/checkpoints/take-checkpoint.js";
import { client, demoKey, testDb } from "../helpers.js";

/**
 * What a person (or anyone) needs to check a record's proof, written apart from Teikyo's
 * code: RFC 8785 canonical JSON (for these values: keys sorted, no white space), Ed25519,
 * and the RFC 9162 audit-path algorithm.
 */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);
const h = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
function checkProof(
  proof: { chain: number; eventHash: string; leafIndex: number; treeSize: number; auditPath: string[] },
  checkpoint: { chains: { chain: number; tree?: { root: string } }[]; signature: string },
  publicKeyPem: string,
): boolean {
  const { signature, ...body } = checkpoint;
  if (
    !verify(
      null,
      Buffer.from(canonical(body)),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, "base64"),
    )
  )
    return false;
  let fn = proof.leafIndex;
  let sn = proof.treeSize - 1;
  let r = h(Buffer.of(0), Buffer.from(proof.eventHash, "hex"));
  for (const hex of proof.auditPath) {
    const p = Buffer.from(hex, "hex");
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = h(Buffer.of(1), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else r = h(Buffer.of(1), r, p);
    fn >>= 1;
    sn >>= 1;
  }
  const root = checkpoint.chains.find((c) => c.chain === proof.chain)?.tree?.root;
  return sn === 0 && r.toString("hex") === root;
}

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
      `mutation { compileDisclosureResponse(id: "${request.id}") { json csv html partialRefusalNotice
        delivery { form mediaType body } request { status } } }`,
    );
    const response = compiled.body.data?.compileDisclosureResponse;
    expect(response.request.status).toBe("COMPILED");
    expect(response.json.retainedPersonalData.customer_id).toBe("C000051");
    expect(JSON.stringify(response.json)).not.toMatch(/statisticsKey/);
    const recipients = response.json.provisionRecords.map(
      (r: { recipient: { name: string } }) => r.recipient.name,
    );
    expect(recipients.some((n: string) => n.includes("アオバ生命"))).toBe(true);
    expect(recipients.some((n: string) => n.includes("ハヤテ物流"))).toBe(true);
    expect(recipients.some((n: string) => n.includes("東海ダイレクト"))).toBe(false);
    expect(response.csv.split("\n")[0]).toBe(
      "\uFEFFkind,date,party,country,purpose,ground,items,consentRelied",
    );
    expect(response.html).toContain("<h2>第三者提供記録 / Records of provision to others</h2>");
    expect(response.html).not.toContain("<script");
    // CO 11 records are outside the disclosable records: nothing says they exist (art. 33(5)).
    expect(response.partialRefusalNotice).toBeNull();
    expect(`${JSON.stringify(response.json)}${response.html}${response.csv}`).not.toMatch(
      /CO 11|withheld|東海ダイレクト/,
    );
    // Asked for electronically (JSON): delivered as JSON.
    expect(response.delivery).toMatchObject({ form: "ELECTRONIC_JSON", mediaType: "application/json" });
    expect(JSON.parse(response.delivery.body).requestId).toBe(request.id);

    const delivered = await gql(
      compliance,
      `mutation { markDisclosureDelivered(id: "${request.id}") { status deliveredAt } }`,
    );
    expect(delivered.body.data?.markDisclosureDelivered.status).toBe("DELIVERED");
  });

  it("33(2): refuses a part and the method with a notice in Japanese and English; everything retained is disclosed", async () => {
    const received = await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000011", deliveryMethod: ELECTRONIC_CSV }) { id } }`,
    );
    const id = received.body.data?.receiveDisclosureRequest.id;
    const early = await gql(
      compliance,
      `mutation { refuseDisclosurePart(requestId: "${id}", part: "email", ground: BREACH_OF_OTHER_LAWS, reason: "x") { id } }`,
    );
    expect(early.body.errors?.[0]?.extensions).toMatchObject({ reason: "REQUEST_WRONG_STATE" });
    await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${id}", identityVerification: "運転免許証") { status } }`,
    );
    const notHeld = await gql(
      compliance,
      `mutation { refuseDisclosurePart(requestId: "${id}", part: "blood_type", ground: BREACH_OF_OTHER_LAWS, reason: "x") { id } }`,
    );
    expect(notHeld.body.errors?.[0]?.extensions).toMatchObject({
      reason: "PART_NOT_HELD",
      problems: [{ rule: "APPI art. 33(2)" }],
    });
    const refused = await gql(
      compliance,
      `mutation { refuseDisclosurePart(requestId: "${id}", part: "phone", ground: HARM_TO_PERSON_OR_OTHERS,
        reason: "ご家族からの申出により") { refusals { part ground } } }`,
    );
    expect(refused.body.data?.refuseDisclosurePart.refusals).toEqual([
      { part: "phone", ground: "HARM_TO_PERSON_OR_OTHERS" },
    ]);
    const compiled = await gql(
      compliance,
      `mutation { compileDisclosureResponse(id: "${id}") { json csv noticeJa noticeEn delivery { form mediaType body } } }`,
    );
    const r = compiled.body.data?.compileDisclosureResponse;
    expect(r.json.retainedPersonalData.phone).toBeUndefined();
    expect(r.json.retainedPersonalData.full_name).toEqual(expect.any(String));
    // C000011 consented to Aoba and withdrew: the history is retained, so it is disclosed.
    expect(r.json.consents).toContainEqual(
      expect.objectContaining({ recipientId: "aoba-life", withdrawnAt: expect.any(String) }),
    );
    expect(r.json.acquisition.method).toBe("DIRECT");
    expect(r.noticeJa).toContain("第33(2)(i)");
    expect(r.noticeEn).toContain("APPI art. 33(2)(i)");
    expect(r.delivery).toMatchObject({ form: "ELECTRONIC_CSV", mediaType: "text/csv; charset=utf-8" });
    expect(r.delivery.body.startsWith("\uFEFF")).toBe(true);

    const difficult = await gql(
      compliance,
      `mutation { setDisclosureMethodDifficult(requestId: "${id}", reason: "CSV の作成に過大な費用を要するため") { methodDifficultReason } }`,
    );
    expect(difficult.body.errors).toBeUndefined();
    const again = await gql(
      compliance,
      `mutation { compileDisclosureResponse(id: "${id}") { noticeJa noticeEn delivery { form } } }`,
    );
    expect(again.body.data?.compileDisclosureResponse.delivery.form).toBe("WRITTEN");
    expect(again.body.data?.compileDisclosureResponse.noticeEn).toContain("in writing (art. 33(2))");
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

  it("carries for each record the proof that a signed checkpoint includes it, which anyone can check", async () => {
    const db = await testDb();
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    await takeCheckpoint(db, privateKey, []);
    const received = await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000051", deliveryMethod: ELECTRONIC_JSON }) { id } }`,
    );
    const id = received.body.data?.receiveDisclosureRequest.id;
    await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${id}", identityVerification: "passport") { status } }`,
    );
    const compiled = await gql(compliance, `mutation { compileDisclosureResponse(id: "${id}") { json } }`);
    expect(compiled.body.errors).toBeUndefined();
    const json = compiled.body.data?.compileDisclosureResponse.json;
    const records = json.provisionRecords as {
      inclusionProof: Parameters<typeof checkProof>[0] & { checkpoint: string };
    }[];
    expect(records.length).toBeGreaterThan(0);
    const pem = publicKey.export({ format: "pem", type: "spki" }).toString();
    const own = new Set(
      (
        await db.provisionRecordPerson.findMany({ where: { personId: "C000051" }, include: { event: true } })
      ).map((p) => p.event.hash),
    );
    for (const { inclusionProof: proof } of records) {
      expect(proof).not.toBeNull();
      expect(own.has(proof.eventHash)).toBe(true);
      expect(checkProof(proof, json.checkpoints[proof.checkpoint], pem)).toBe(true);
      // Any other event, position or path fails.
      const other = createHash("sha256").update("not a record").digest("hex");
      expect(checkProof({ ...proof, eventHash: other }, json.checkpoints[proof.checkpoint], pem)).toBe(false);
      if (proof.treeSize > 1)
        expect(
          checkProof(
            { ...proof, leafIndex: (proof.leafIndex + 1) % proof.treeSize },
            json.checkpoints[proof.checkpoint],
            pem,
          ),
        ).toBe(false);
    }
  });
});
