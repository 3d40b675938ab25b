/**
 * A provision event as a database of an older layout holds it, with its chain hash: the
 * migration tests write such events with raw SQL, migrate, and check the chain still verifies.
 */
import { eventHash } from "../src/modules/records/record-hash.js";

export function oldRecordEvent(seq: number, prevHash: string, at: Date) {
  const event = {
    id: `old-${seq}`,
    at,
    recipientId: "r1",
    recipientSnapshot: { id: "r1", name: "R1" },
    purposeCode: "delivery",
    ground: "CONSENT",
    legallyRequired: true,
    recordKinds: ["CONSENT"],
    country: "JP",
    foreignRoute: null,
    apiKeyId: "k1",
    requestId: `req-${seq}`,
    operationHash: "0".repeat(64),
    rootField: "people",
    items: ["full_name"],
    personCount: 1,
    keepUntil: new Date("2029-12-31T00:00:00Z"),
  };
  const people = [{ personId: "P1", items: ["full_name"], consentId: "c1" }];
  return { event, people, hash: eventHash(prevHash, { event, people }) };
}
