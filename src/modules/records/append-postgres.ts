/**
 * A group of provision drafts appended to one chain on PostgreSQL in one statement: the
 * stored function teikyo_append_provisions (migration provision_append_v2) locks the head,
 * finishes each event's hash from it, inserts events, people and bulk records and moves the
 * head. One round trip, and none of Prisma's per-call query compiling (docs/decisions/0086).
 * The group goes as the parts of each event's hashed text (record-hash.ts hashedParts:
 * canonical JSON is made there, in one place only).
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
 * The group as the stored function reads it: each event and its people as their canonical
 * JSON (the two parts of the hashed text, made once; the function rebuilds the text from
 * them and parses each once for the rows: an optional field left out reads as null, as it
 * was), and the bulk records' own fields. Sent as text, never jsonb, whose normal form
 * would change the bytes the hash covers.
 */
export interface GroupParams {
  events: string[];
  people: string[];
  /** JSON array: per draft null, or its bulkFields. */
  bulk: string;
}

export function groupParams(drafts: ProvisionDraft[]): GroupParams {
  const parts = drafts.map((d) => hashedParts({ event: d.event, people: d.people }));
  return {
    events: parts.map((p) => p.event),
    people: parts.map((p) => p.people),
    bulk: JSON.stringify(drafts.map((d) => (d.bulk ? bulkFields(d) : null))),
  };
}

export async function appendOnPostgres(
  direct: PgDirect,
  chain: number,
  drafts: ProvisionDraft[],
): Promise<AppendedEvent[]> {
  const group = groupParams(drafts);
  const { rows } = await direct.pool.query<{ event_seq: string; chain_seq: string; event_hash: string }>({
    // Named: parsed and planned once per connection (a new name for the new parameter list).
    name: "teikyo_append_provisions_v2",
    text: "SELECT event_seq, chain_seq, event_hash FROM teikyo_append_provisions($1, $2::text[], $3::text[], $4::jsonb)",
    values: [chain, group.events, group.people, group.bulk],
  });
  return rows.map((r) => ({ seq: BigInt(r.event_seq), chainSeq: BigInt(r.chain_seq), hash: r.event_hash }));
}
