/**
 * Provision records as flat rows (one per event and person), read page by page so a year
 * of records never sits in memory, and encoded as CSV (csv-stringify) or a JSON array.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import { findProvisionEvents } from "./find-events.js";
import type { RecordFilter } from "./records-filter.js";

const PAGE = 500;

export const EXPORT_COLUMNS = [
  "eventId",
  "providedAt",
  "recipientId",
  "recipientName",
  "recipientAddress",
  "recipientRepresentative",
  "country",
  "foreignRoute",
  "purpose",
  "ground",
  "legallyRequired",
  "personId",
  "items",
  "consentId",
  "keepUntil",
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string>;

export async function* exportRows(db: Db, filter: RecordFilter): AsyncGenerator<ExportRow[]> {
  let after = 0n;
  for (;;) {
    const events = await findProvisionEvents(db, filter, { afterSeq: after, take: PAGE });
    if (events.length === 0) return;
    yield events.flatMap((e) => {
      const r = (e.recipientSnapshot ?? {}) as Record<string, unknown>;
      return e.people.map((p) => ({
        eventId: e.id,
        providedAt: e.at.toISOString(),
        recipientId: e.recipientId,
        recipientName: String(r.name ?? ""),
        recipientAddress: String(r.address ?? ""),
        recipientRepresentative: String(r.representative ?? ""),
        country: e.country,
        foreignRoute: e.foreignRoute ?? "",
        purpose: e.purposeCode,
        ground: e.ground,
        legallyRequired: String(e.legallyRequired),
        personId: p.personId,
        items: (p.items as string[]).join(";"),
        consentId: p.consentId ?? "",
        keepUntil: e.keepUntil.toISOString(),
      }));
    });
    after = events.at(-1)?.seq ?? after;
    if (events.length < PAGE) return;
  }
}

export async function* csvChunks(pages: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  yield stringify([[...EXPORT_COLUMNS]]);
  for await (const rows of pages) if (rows.length) yield stringify(rows, { columns: [...EXPORT_COLUMNS] });
}

export async function* jsonChunks(pages: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  let first = true;
  yield "[";
  for await (const rows of pages) {
    for (const row of rows) {
      yield `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
      first = false;
    }
  }
  yield "\n]\n";
}
