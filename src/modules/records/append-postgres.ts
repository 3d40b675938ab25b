/**
 * A group of provision drafts appended to one chain on PostgreSQL in one statement: the
 * stored function teikyo_append_provisions (migration provision_append_function) locks the
 * head, finishes each event's hash from it, inserts events, people and bulk records and
 * moves the head. One round trip, and none of Prisma's per-call query compiling
 * (docs/decisions/0086). The group goes as one JSON parameter, each event with its hashed
 * text (record-hash.ts hashedText: canonical JSON is made here, in one place only).
 */
import type { PgDirect } from "../../db/direct.js";
import { keepUntil } from "../../policy/retention.js";
import type { ProvisionDraft } from "../provision/provision-draft.js";
import { hashedParts } from "./record-hash.js";

export interface AppendedEvent {
  seq: bigint;
  chainSeq: bigint;
  hash: string;
}

/** The bulk record's fields that are not the event's (R19(2), R20(1), R21). */
export function bulkFields(draft: ProvisionDraft) {
  const { recipientId, recipientSnapshot, at } = draft.event;
  return {
    recipientName: String(recipientSnapshot.name ?? recipientId),
    keepUntil: keepUntil({ kind: "BULK", lastProvisionAt: at }),
  };
}

/**
 * The group as the stored function reads it. The event and people go as their canonical
 * JSON (the parts of the hashed text, made once): the function reads them by key, and an
 * optional field left out reads as null, as it was.
 */
export function groupJson(drafts: ProvisionDraft[]): string {
  const each = drafts.map((d) => {
    const parts = hashedParts({ event: d.event, people: d.people });
    const bulk = JSON.stringify(d.bulk ? bulkFields(d) : null);
    return `{"event":${parts.event},"people":${parts.people},"hashed":${JSON.stringify(parts.text)},"bulk":${bulk}}`;
  });
  return `{"drafts":[${each.join(",")}]}`;
}

export async function appendOnPostgres(
  direct: PgDirect,
  chain: number,
  drafts: ProvisionDraft[],
): Promise<AppendedEvent[]> {
  const { rows } = await direct.pool.query<{ event_seq: string; chain_seq: string; event_hash: string }>({
    // Named: parsed and planned once per connection.
    name: "teikyo_append_provisions",
    text: "SELECT event_seq, chain_seq, event_hash FROM teikyo_append_provisions($1, $2::jsonb)",
    values: [chain, groupJson(drafts)],
  });
  return rows.map((r) => ({ seq: BigInt(r.event_seq), chainSeq: BigInt(r.chain_seq), hash: r.event_hash }));
}
