/**
 * Provision records as flat rows (one per event and person), read page by page so a year
 * of records never sits in memory, and encoded as CSV (csv-stringify) or a JSON array. Times
 * are given twice: ISO 8601 (UTC, for machines) and Japan time (the *Jst columns, for people).
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import { findProvisionEvents } from "./find-events.js";
import type { RecordFilter } from "./records-filter.js";

const PAGE = 500;

export const EXPORT_COLUMNS = [
  "eventId",
  "providedAt",
  "providedAtJst",
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
  "keepUntilJst",
] as const;

/** "2026-11-23 09:00:00": Japan time as people read it (Excel takes it as a date and time). */
export function jstDateTime(at: Date): string {
  return new Date(at.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 19).replace("T", " ");
}

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
        providedAtJst: jstDateTime(e.at),
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
        keepUntilJst: jstDateTime(e.keepUntil),
      }));
    });
    after = events.at(-1)?.seq ?? after;
    if (events.length < PAGE) return;
  }
}

export async function* csvChunks(pages: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  // A UTF-8 byte order mark first: without it, Excel in Japan reads the file as Shift_JIS.
  yield `\uFEFF${stringify([[...EXPORT_COLUMNS]])}`;
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
