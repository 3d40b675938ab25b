/** Art. 35 through HTTP: a granted stop takes effect at once; a declined one records alternative measures. */
import { describe, expect, it } from "vitest";
import { client, demoKey, testDb } from "../helpers.js";

const compliance = demoKey("compliance");

describe("stop requests (art. 35)", () => {
  it("stops provision to a recipient at once, and declines another stop only with alternative measures", async () => {
    const gql = await client();
    const db = await testDb();
    const person = "C000088";
    const before = await db.stopRequest.count();
    const misfit = await gql(
      compliance,
      `mutation { receiveStopRequest(personId: "${person}", kind: STOP_USE, ground: BREACH_27_28, statement: "x") { id } }`,
    );
    expect(misfit.body.errors?.[0]?.extensions).toMatchObject({
      reason: "GROUND_DOES_NOT_FIT_SCOPE",
      problems: [{ rule: "APPI art. 35(3)" }],
    });
    expect(await db.stopRequest.count()).toBe(before);

    const received = await gql(
      compliance,
      `mutation { receiveStopRequest(personId: "${person}", kind: STOP_PROVISION, ground: BREACH_27_28, recipientId: "minato-next",
        statement: "同意なく提供されたため") { id status } }`,
    );
    const id = received.body.data?.receiveStopRequest.id;
    const early = await gql(
      compliance,
      `mutation { decideStopRequest(id: "${id}", grant: true, reason: "x") { status } }`,
    );
    expect(early.body.errors?.[0]?.extensions?.reason).toBe("REQUEST_WRONG_STATE");
    await gql(
      compliance,
      `mutation { verifyStopRequest(id: "${id}", identityVerification: "健康保険証") { status } }`,
    );
    const granted = await gql(
      compliance,
      `mutation { decideStopRequest(id: "${id}", grant: true, reason: "提供を停止しました。") { status noticeJa noticeEn } }`,
    );
    expect(granted.body.data?.decideStopRequest.status).toBe("GRANTED");
    expect(granted.body.data?.decideStopRequest.noticeJa).toContain("第35条第7項");
    const eligibility = await gql(
      compliance,
      `{ provisionEligibility(personId: "${person}", recipientId: "minato-next", purpose: "business_succession") { included rule } }`,
    );
    expect(eligibility.body.data?.provisionEligibility).toEqual({ included: false, rule: "APPI art. 35(3)" });

    const use = await gql(
      compliance,
      `mutation { receiveStopRequest(personId: "${person}", kind: STOP_USE, ground: RIGHTS_HARMED, purpose: "marketing", statement: "y") { id } }`,
    );
    const useId = use.body.data?.receiveStopRequest.id;
    await gql(
      compliance,
      `mutation { verifyStopRequest(id: "${useId}", identityVerification: "運転免許証") { status } }`,
    );
    const noMeasures = await gql(
      compliance,
      `mutation { decideStopRequest(id: "${useId}", grant: false, reason: "z") { status } }`,
    );
    expect(noMeasures.body.errors?.[0]?.extensions).toMatchObject({ reason: "ALTERNATIVE_MEASURES_MISSING" });
    const declined = await gql(
      compliance,
      `mutation { decideStopRequest(id: "${useId}", grant: false, reason: "会員規約上の通知のため",
        alternativeMeasures: "広告メールの配信を停止しました") { status alternativeMeasures noticeEn } }`,
    );
    expect(declined.body.data?.decideStopRequest).toMatchObject({
      status: "REFUSED",
      alternativeMeasures: "広告メールの配信を停止しました",
    });
    // Leave the shared demo world as it was.
    await db.suspensionRequest.deleteMany({ where: { personId: person, reason: `Stop request ${id}` } });
  });
});
