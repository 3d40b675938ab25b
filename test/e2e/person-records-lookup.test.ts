/**
 * A person's provision records (disclosure, corrections, the console's person filter) are
 * found from the person's rows and then their events by (seq, at), so that on PostgreSQL
 * each event is read from its own month (docs/decisions/0066). Records in two months come
 * back whole, once each, oldest first, and a time filter bounds them on both databases.
 */
import { describe, expect, it } from "vitest";
import { findProvisionEvents } from "../../src/modules/records/find-events.js";
import { client, demoKey, testDb } from "../helpers.js";

const JULY = new Date("2026-07-10T03:00:00.000Z");
const SEPTEMBER = new Date("2026-09-10T03:00:00.000Z");

async function provideOne(at: Date): Promise<string> {
  const gql = await client({ clock: () => at });
  const res = await gql(
    demoKey("hayate-logistics"),
    `{ people(purpose: "delivery", first: 1) { edges { node { id } } } }`,
  );
  expect(res.status).toBe(200);
  const data = res.body.data as { people: { edges: { node: { id: string } }[] } };
  return data.people.edges[0]!.node.id;
}

describe("a person's provision records across months", () => {
  it("returns each event once with its own time and only this person, and honours from/to", async () => {
    const db = await testDb();
    const person = await provideOne(JULY);
    expect(await provideOne(SEPTEMBER)).toBe(person);

    const all = await findProvisionEvents(db, { personId: person });
    const mine = all.filter(
      (e) => e.requestId && [JULY.getTime(), SEPTEMBER.getTime()].includes(e.at.getTime()),
    );
    expect(mine.map((e) => e.at.toISOString())).toEqual([JULY.toISOString(), SEPTEMBER.toISOString()]);
    for (const event of all) {
      expect(event.people.map((p) => p.personId)).toEqual([person]);
      expect(event.people[0]!.eventSeq).toBe(event.seq);
      expect(event.people[0]!.eventAt.getTime()).toBe(event.at.getTime());
    }
    expect(new Set(all.map((e) => e.seq)).size).toBe(all.length);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => (a < b ? -1 : 1)));

    const august = new Date("2026-08-01T00:00:00+09:00");
    const october = new Date("2026-10-01T00:00:00+09:00");
    const bounded = await findProvisionEvents(db, { personId: person, from: august, to: october });
    expect(bounded.map((e) => e.at.toISOString())).toEqual([SEPTEMBER.toISOString()]);
    const forRecipient = await findProvisionEvents(db, {
      personId: person,
      from: august,
      to: october,
      recipientId: bounded[0]!.recipientId,
    });
    expect(forRecipient.map((e) => e.seq)).toEqual(bounded.map((e) => e.seq));
    const otherRecipient = await findProvisionEvents(db, {
      personId: person,
      recipientId: "no-such-recipient",
    });
    expect(otherRecipient).toEqual([]);

    const firstOnly = await findProvisionEvents(db, { personId: person }, { take: 1 });
    expect(firstOnly.map((e) => e.seq)).toEqual([all[0]!.seq]);
    const afterFirst = await findProvisionEvents(db, { personId: person }, { afterSeq: all[0]!.seq });
    expect(afterFirst.map((e) => e.seq)).toEqual(all.slice(1).map((e) => e.seq));
  });
});
