/**
 * A provision draft for tests and benchmarks that write records directly (group commit, the
 * SQLite record thread, hash parity, record writing): the event fields a page of people
 * would have, for the recipient given (a made-up one in tests, so no other test sees its
 * records). `event` and `people` replace the defaults; the items and the person count
 * follow the people. Free of vitest, so the benchmarks import it too.
 */
import { randomUUID } from "node:crypto";
import type { ProvisionDraft } from "../src/modules/provision/provision-draft.js";
import { NOW } from "./demo-now.js";

export function sampleDraft(
  recipientId: string,
  options: { event?: Partial<ProvisionDraft["event"]>; people?: ProvisionDraft["people"] } = {},
): ProvisionDraft {
  const people = options.people ?? [{ personId: `${recipientId}-1`, items: ["full_name"], consentId: null }];
  return {
    event: {
      id: randomUUID(),
      at: NOW,
      recipientId,
      recipientSnapshot: { id: recipientId, name: recipientId },
      purposeCode: "delivery",
      ground: "ENTRUSTMENT",
      legallyRequired: false,
      recordKinds: [],
      country: "JP",
      foreignRoute: null,
      apiKeyId: "demohayate",
      purposeVersionId: null,
      noticeVersionId: null,
      foreignStatementId: null,
      conformingCheckId: null,
      requestId: randomUUID(),
      operationHash: "0".repeat(64),
      rootField: "people",
      items: [...new Set(people.flatMap((p) => p.items))].sort(),
      personCount: people.length,
      keepUntil: new Date("2029-11-23T00:00:00.000Z"),
      ...options.event,
    },
    people,
    bulk: false,
  };
}
