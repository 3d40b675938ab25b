/**
 * Reads of provision records by staff keys are themselves logged (who, when, what filter),
 * and the console's read-only queries (monthly figures, chain check, register) answer staff only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey, NOW, testDb } from "../helpers.js";

const compliance = demoKey("compliance");
const admin = demoKey("admin");

describe("record access log", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client();
    await gql(demoKey("hayate-logistics"), `{ person(purpose: "delivery", id: "C000061") { fullName } }`);
  });

  it("logs a records query with its filter, the key and the time", async () => {
    const read = await gql(
      compliance,
      `{ provisionRecords(filter: { personId: "C000061", recipientId: "hayate-logistics" }, first: 7) { nodes { id seq hash prevHash } } }`,
    );
    expect(read.body.errors).toBeUndefined();
    const event = read.body.data?.provisionRecords.nodes[0];
    expect(Number(event.seq)).toBeGreaterThan(0);
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    const log = await gql(admin, `{ recordAccessLog(first: 5) { at actor role action filter apiKeyId } }`);
    const entry = log.body.data?.recordAccessLog.find(
      (e: { filter: { personId?: string } }) => e.filter?.personId === "C000061",
    );
    expect(entry).toMatchObject({
      actor: "compliance:demo compliance",
      role: "COMPLIANCE",
      action: "PROVISION_RECORDS_QUERY",
      filter: { personId: "C000061", recipientId: "hayate-logistics", first: 7 },
      at: NOW.toISOString(),
    });
  });

  it("logs an export over HTTP and a disclosure compilation", async () => {
    const { createTeikyo } = await import("../../src/yoga.js");
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const res = await yoga.fetch(
      "http://teikyo.test/records/export.csv?recipient=hayate-logistics&person=C000061",
      {
        headers: { authorization: `Bearer ${compliance}` },
      },
    );
    expect(res.status).toBe(200);
    // A UTF-8 byte order mark first, so that Excel reads the Japanese text as UTF-8.
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const received = await gql(
      compliance,
      `mutation { receiveDisclosureRequest(input: { personId: "C000061", deliveryMethod: WEB_PAGE }) { id } }`,
    );
    const id = received.body.data?.receiveDisclosureRequest.id;
    await gql(
      compliance,
      `mutation { verifyDisclosureRequest(id: "${id}", identityVerification: "運転免許証") { status } }`,
    );
    const compiled = await gql(compliance, `mutation { compileDisclosureResponse(id: "${id}") { html } }`);
    expect(compiled.body.errors).toBeUndefined();
    await gql(compliance, `mutation { markDisclosureDelivered(id: "${id}") { status } }`);

    const log = await gql(compliance, `{ recordAccessLog(first: 50) { action filter } }`);
    const actions = log.body.data?.recordAccessLog.map((e: { action: string; filter: unknown }) => [
      e.action,
      e.filter,
    ]);
    expect(actions).toContainEqual([
      "RECORDS_EXPORT",
      { recipientId: "hayate-logistics", personId: "C000061", format: "csv" },
    ]);
    expect(actions).toContainEqual(["DISCLOSURE_COMPILE", { personId: "C000061", disclosureRequestId: id }]);
    const exports = await gql(
      compliance,
      `{ recordAccessLog(action: "RECORDS_EXPORT", first: 500) { action } }`,
    );
    expect(new Set(exports.body.data?.recordAccessLog.map((e: { action: string }) => e.action))).toEqual(
      new Set(["RECORDS_EXPORT"]),
    );
  });

  it("refuses the log to partner and analytics keys", async () => {
    for (const key of [demoKey("hayate-logistics"), demoKey("analytics")]) {
      const r = await gql(key, `{ recordAccessLog { action } }`);
      expect(r.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(r.body.data ?? null).toBeNull();
    }
  });
});

describe("console read models", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client();
    await gql(demoKey("hayate-logistics"), `{ person(purpose: "delivery", id: "C000062") { fullName } }`);
  });

  it("counts provisions and distinct people per recipient per JST month", async () => {
    const db = await testDb();
    const from = new Date("2026-10-31T15:00:00.000Z"); // 2026-11-01 00:00 JST
    const to = new Date("2026-11-30T15:00:00.000Z");
    const events = await db.provisionEvent.findMany({
      where: { recipientId: "hayate-logistics", at: { gte: from, lt: to } },
      include: { people: true },
    });
    const people = new Set(events.flatMap((e) => e.people.map((p) => p.personId)));
    const r = await gql(
      compliance,
      `query($from: DateTime!, $to: DateTime!) { provisionMonthly(from: $from, to: $to) { month recipientId provisions people } }`,
      { from: from.toISOString(), to: to.toISOString() },
    );
    const hayate = r.body.data?.provisionMonthly.find(
      (m: { recipientId: string }) => m.recipientId === "hayate-logistics",
    );
    expect(hayate).toEqual({
      month: "2026-11",
      recipientId: "hayate-logistics",
      provisions: events.length,
      people: people.size,
    });
    expect(people.has("C000062")).toBe(true);
  });

  it("refuses a period over 13 months and a reversed one", async () => {
    const long = await gql(
      compliance,
      `{ provisionMonthly(from: "2024-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { month } }`,
    );
    expect(long.body.errors?.[0]?.message).toMatch(/at most 13 months/);
    const reversed = await gql(
      compliance,
      `{ provisionMonthly(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { month } }`,
    );
    expect(reversed.body.errors?.[0]?.message).toMatch(/from must be before to/);
  });

  it("verifies the chain and logs the check", async () => {
    const r = await gql(
      compliance,
      `{ provisionRecordsVerification { ok events problems { seq problem } } }`,
    );
    expect(r.body.data?.provisionRecordsVerification).toMatchObject({ ok: true, problems: [] });
    expect(r.body.data?.provisionRecordsVerification.events).toBeGreaterThan(0);
    const log = await gql(compliance, `{ recordAccessLog(action: "RECORDS_VERIFY", first: 1) { action } }`);
    expect(log.body.data?.recordAccessLog).toEqual([{ action: "RECORDS_VERIFY" }]);
  });

  it("shows the register's notices and checks to staff, not to partners", async () => {
    const r = await gql(
      compliance,
      `{ recipients { id optOutNotice jointUseNotice foreignStatements conformingSystemChecks { nextCheckDue measuresAssured } } }`,
    );
    const byId = Object.fromEntries(r.body.data?.recipients.map((x: { id: string }) => [x.id, x]));
    expect(byId["tokai-direct"].optOutNotice).toMatchObject({ recipientId: "tokai-direct" });
    expect(byId["minato-card"].jointUseNotice).toMatchObject({ recipientId: "minato-card" });
    // Newest version first; other test files may publish later versions than the demo's first.
    const statements = byId["northwind-ads"].foreignStatements as {
      version: number;
      country: string | null;
    }[];
    expect(statements.map((x) => x.version)).toEqual(
      [...statements.map((x) => x.version)].sort((a, b) => b - a),
    );
    expect(statements.find((x) => x.version === 1)).toMatchObject({ country: "US" });
    expect(byId["pacific-crm"].conformingSystemChecks[0].measuresAssured).toBe(true);
    const partner = await gql(demoKey("tokai-direct"), `{ viewer { recipient { optOutNotice } } }`);
    expect(partner.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("tells how a person's data was acquired", async () => {
    const r = await gql(
      compliance,
      `{ a: privacyState(personId: "C000009") { acquisition } b: privacyState(personId: "C000999") { acquisition } c: privacyState(personId: "C000001") { acquisition } }`,
    );
    expect(r.body.data).toEqual({
      a: { acquisition: "BY_OPT_OUT" },
      b: { acquisition: "IMPROPER" },
      c: { acquisition: "DIRECT" },
    });
  });
});
