/**
 * Correction (art. 34) through HTTP: bad input and wrong states change nothing; a decided
 * correction changes the person's data, writes the notice, and lists who received the item.
 */
import { describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");

describe("correction requests (art. 34)", () => {
  it("receives, refuses bad input, verifies, corrects, and lists the recipients to tell", async () => {
    const gql = await client();
    const db = await testDb();
    const person = "C000077";
    const original = await db.person.findUniqueOrThrow({ where: { id: person } });
    const given = await gql(
      demoKey("hayate-logistics"),
      `{ person(purpose: "delivery", id: "${person}") { fullName address } }`,
    );
    expect(given.body.errors).toBeUndefined();

    const count = () => db.correctionRequest.count();
    const before = await count();
    const notHeld = await gql(
      compliance,
      `mutation { receiveCorrectionRequest(personId: "${person}", kind: CORRECTION, item: "blood_type", requestedValue: "A", statement: "x") { id } }`,
    );
    expect(notHeld.body.errors?.[0]?.extensions).toMatchObject({
      reason: "ITEM_NOT_HELD",
      problems: [{ rule: "APPI art. 34(1)" }],
    });
    const unknownPerson = await gql(
      compliance,
      `mutation { receiveCorrectionRequest(personId: "C999999", kind: CORRECTION, item: "address", requestedValue: "A", statement: "x") { id } }`,
    );
    expect(unknownPerson.body.errors?.[0]?.message).toMatch(/C999999" does not exist/);
    expect(await count()).toBe(before);

    const received = await gql(
      compliance,
      `mutation { receiveCorrectionRequest(personId: "${person}", kind: CORRECTION, item: "address", requestedValue: "港区海岸9-9-9",
        statement: "引っ越しました") { id status } }`,
    );
    const id = received.body.data?.receiveCorrectionRequest.id;
    expect(received.body.data?.receiveCorrectionRequest.status).toBe("RECEIVED");
    const early = await gql(
      compliance,
      `mutation { decideCorrectionRequest(id: "${id}", correct: true, reason: "x") { status } }`,
    );
    expect(early.body.errors?.[0]?.extensions).toMatchObject({
      reason: "REQUEST_WRONG_STATE",
      problems: [{ rule: "APPI art. 37" }],
    });
    expect((await db.person.findUniqueOrThrow({ where: { id: person } })).address).toBe(original.address);

    await gql(
      compliance,
      `mutation { verifyCorrectionRequest(id: "${id}", identityVerification: "運転免許証") { status } }`,
    );
    const decided = await gql(
      compliance,
      `mutation { decideCorrectionRequest(id: "${id}", correct: true, reason: "住民票の写しで確認しました。") {
        status noticeJa noticeEn recipientsToNotify { recipientId provisions } recipientsToNotifyCsv } }`,
    );
    const r = decided.body.data?.decideCorrectionRequest;
    expect(r.status).toBe("CORRECTED");
    expect(r.noticeJa).toContain("第34条第3項");
    expect(r.noticeEn).toContain("APPI art. 34(3)");
    expect(r.recipientsToNotify).toContainEqual({
      recipientId: "hayate-logistics",
      provisions: expect.any(Number),
    });
    expect(
      r.recipientsToNotifyCsv.startsWith("\uFEFFrecipientId,name,address,provisions,lastProvidedAt"),
    ).toBe(true);
    expect((await db.person.findUniqueOrThrow({ where: { id: person } })).address).toBe("港区海岸9-9-9");

    const again = await gql(
      compliance,
      `mutation { decideCorrectionRequest(id: "${id}", correct: false, reason: "x") { status } }`,
    );
    expect(again.body.errors?.[0]?.extensions?.reason).toBe("REQUEST_WRONG_STATE");
    // Leave the shared demo world as it was.
    await db.person.update({ where: { id: person }, data: { address: original.address } });
  });
});
