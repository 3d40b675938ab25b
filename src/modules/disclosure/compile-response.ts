/**
 * Compiles a disclosure response (art. 33(1), 33(5)): everything retained about the person
 * (their data, how it was acquired, consents, opt-out and stop history, receipt records) and
 * their provision records, bulk records included, as JSON, CSV (Excel: UTF-8 BOM) and a
 * readable HTML page, delivered in the form the person asked for. Records withheld under
 * CO 11 are left out silently; parts refused on an art. 33(2) ground are notified.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import {
  disclosedRecords,
  disclosureNotice,
  type DisclosureNotice,
  type RefusalGround,
} from "../../policy/disclosure.js";
import { PERSON_FIELDS } from "../people/person-items.js";
import { inclusionProofs } from "../records/checkpoints/inclusion-proofs.js";
import { findProvisionEvents } from "../records/find-events.js";

export interface Delivery {
  /** The form it goes out in: the method asked for, or WRITTEN when that method is difficult (33(2)). */
  form: string;
  mediaType: string;
  fileName: string;
  body: string;
}

export interface CompiledResponse {
  json: Record<string, unknown>;
  csv: string;
  html: string;
  notice: DisclosureNotice | null;
  delivery: Delivery;
}

export interface RequestToCompile {
  id: string;
  personId: string;
  deliveryMethod: string;
  methodDifficultReason: string | null;
  withheld: { eventId: string; ground: string }[];
  refusals: { part: string; ground: string; reason: string }[];
}

/** Whether 27(5) logs (entrustment, joint use, succession at home) are disclosed too: the company's choice. */
export function includeNotRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return !["off", "false", "0", "no"].includes((env.TEIKYO_DISCLOSE_ALL_PROVISIONS ?? "on").toLowerCase());
}

const escapeHtml = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");
const BOM = "\uFEFF";

/** The person's retained data, less refused items; the statistics key is internal and never shown. */
async function retainedData(db: Db, personId: string, refusedItems: ReadonlySet<string>) {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    include: {
      orders: { orderBy: { orderedAt: "asc" }, omit: { personId: true } },
      consents: { include: { items: { select: { itemCode: true } } }, orderBy: { givenAt: "asc" } },
      optOutRequests: { orderBy: { receivedAt: "asc" }, omit: { personId: true } },
      suspensionRequests: { orderBy: { receivedAt: "asc" }, omit: { personId: true } },
    },
    omit: { statisticsKey: true },
  });
  const { orders, consents, optOutRequests, suspensionRequests, acquisitionMethod, ...row } = person;
  const fields: Record<string, unknown> = {};
  for (const f of PERSON_FIELDS) {
    if (!refusedItems.has(f.item) && f.field in row)
      fields[f.item] = (row as Record<string, unknown>)[f.field];
  }
  return {
    fields,
    orders: refusedItems.has("order_history") ? [] : orders,
    acquisitionMethod,
    consents: consents.map(({ items, personId: _p, ...c }) => ({
      ...c,
      items: items.map((i) => i.itemCode),
    })),
    optOutRequests,
    suspensionRequests,
  };
}

export async function compileResponse(
  db: Db,
  request: RequestToCompile,
  now: Date,
): Promise<CompiledResponse> {
  const refusedParts = new Set(request.refusals.map((r) => r.part));
  const retained = await retainedData(db, request.personId, refusedParts);
  const receipts = await db.receiptRecordPerson.findMany({
    where: { personId: request.personId },
    include: { receipt: { omit: { actor: true } } },
  });
  const withheld = new Set(request.withheld.map((w) => w.eventId));
  const showRecords = !refusedParts.has("RECORDS");
  const events = showRecords ? await findProvisionEvents(db, { personId: request.personId }) : [];
  const disclosed = disclosedRecords(events, withheld, includeNotRequired());
  // For each record, the proof that a signed checkpoint includes it (null before one does).
  const { proofs, checkpoints } = await inclusionProofs(db, disclosed);
  const records = disclosed.map((e) => {
    const r = (e.recipientSnapshot ?? {}) as Record<string, unknown>;
    return {
      providedAt: e.at.toISOString(),
      recipient: { name: r.name, address: r.address, representative: r.representative, country: e.country },
      purpose: e.purposeCode,
      ground: e.ground,
      items: (e.people[0]?.items as string[] | undefined) ?? [],
      consentRelied: e.people[0]?.consentId ?? null,
      inclusionProof: proofs.get(e.hash) ?? null,
    };
  });
  // Bulk records (R19(2)) outlive the events they summarise, so they are disclosed on their own.
  const bulk = showRecords
    ? (
        await db.bulkProvisionRecord.findMany({
          where: { personId: request.personId },
          orderBy: { firstProvidedAt: "asc" },
        })
      ).map((b) => ({
        recipient: b.recipientName || b.recipientId,
        purpose: b.purposeCode,
        ground: b.ground,
        items: b.items,
        consentRelied: b.consentId,
        firstProvidedAt: b.firstProvidedAt.toISOString(),
        lastProvidedAt: b.lastProvidedAt.toISOString(),
      }))
    : [];
  const notice = disclosureNotice(
    request.refusals.map((r) => ({ part: r.part, ground: r.ground as RefusalGround, reason: r.reason })),
    request.methodDifficultReason,
  );
  const receiptRecords = receipts.map(({ receipt: r }) => ({
    receivedAt: r.receivedAt.toISOString(),
    provider: { name: r.providerName, address: r.providerAddress, representative: r.providerRepresentative },
    providerAcquisition: r.providerAcquisition,
    basis: r.basis,
    ppcPublication: r.ppcPublication,
    items: r.items,
  }));
  const json = {
    requestId: request.id,
    compiledAt: now.toISOString(),
    retainedPersonalData: { ...retained.fields, orders: retained.orders },
    acquisition: { method: retained.acquisitionMethod, receiptRecords },
    consents: retained.consents,
    optOutRequests: retained.optOutRequests,
    stopRequests: retained.suspensionRequests,
    provisionRecords: records,
    bulkProvisionRecords: bulk,
    notice,
    /** The signed checkpoints the records' proofs point to, as written outside the database. */
    checkpoints,
  };
  const csv =
    BOM +
    stringify(
      [
        ...records.map((r) => ({
          kind: "provision",
          date: r.providedAt,
          party: `${r.recipient.name} / ${r.recipient.address} / ${r.recipient.representative}`,
          country: r.recipient.country,
          purpose: r.purpose,
          ground: r.ground,
          items: r.items.join(";"),
          consentRelied: r.consentRelied,
        })),
        ...bulk.map((b) => ({
          kind: "bulk provision",
          date: `${b.firstProvidedAt} - ${b.lastProvidedAt}`,
          party: b.recipient,
          country: "",
          purpose: b.purpose,
          ground: b.ground,
          items: Array.isArray(b.items) ? b.items.join(";") : "",
          consentRelied: b.consentRelied,
        })),
        ...receiptRecords.map((r) => ({
          kind: "receipt",
          date: r.receivedAt,
          party: `${r.provider.name} / ${r.provider.address} / ${r.provider.representative}`,
          country: "",
          purpose: r.providerAcquisition,
          ground: r.basis,
          items: Array.isArray(r.items) ? r.items.join(";") : "",
          consentRelied: r.ppcPublication,
        })),
      ],
      {
        header: true,
        columns: ["kind", "date", "party", "country", "purpose", "ground", "items", "consentRelied"],
      },
    );
  const html = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>開示のご回答 / Disclosure response</title>
<h1>開示のご回答 / Disclosure response</h1>
<p>受付番号 / Request ${escapeHtml(request.id)}, ${escapeHtml(day(now))}.</p>
${notice ? `<h2>開示しない部分等のお知らせ / Notice</h2><pre>${escapeHtml(notice.ja)}\n\n${escapeHtml(notice.en)}</pre>` : ""}
<h2>保有個人データ / Your retained personal data</h2>
<table>${Object.entries(retained.fields)
    .map(
      ([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v instanceof Date ? day(v) : v)}</td></tr>`,
    )
    .join("")}</table>
<h3>ご注文 / Orders</h3>
<table><tr><th>date</th><th>product</th><th>amount (yen)</th></tr>${retained.orders.map((o) => `<tr><td>${escapeHtml(day(o.orderedAt))}</td><td>${escapeHtml(o.product)}</td><td>${escapeHtml(o.amount)}</td></tr>`).join("")}</table>
<h2>取得の経緯 / How we acquired your data</h2>
<p>${escapeHtml(retained.acquisitionMethod)}</p>
<table>${receiptRecords.map((r) => `<tr><td>${escapeHtml(r.receivedAt.slice(0, 10))}</td><td>${escapeHtml(r.provider.name)}<br>${escapeHtml(r.provider.address)}<br>${escapeHtml(r.provider.representative)}</td><td>${escapeHtml(r.providerAcquisition)}</td><td>${escapeHtml(r.ppcPublication)}</td></tr>`).join("")}</table>
<h2>同意・停止等の履歴 / Consents, opt-outs and stop requests</h2>
<ul>${retained.consents.map((c) => `<li>同意 / consent ${escapeHtml(day(c.givenAt))} ${escapeHtml(c.recipientId ?? c.recipientGroup)} ${escapeHtml(c.purposeCode)}${c.withdrawnAt ? ` (撤回 / withdrawn ${escapeHtml(day(c.withdrawnAt))})` : ""}</li>`).join("")}${retained.optOutRequests.map((o) => `<li>オプトアウト / opt-out ${escapeHtml(day(o.receivedAt))}</li>`).join("")}${retained.suspensionRequests.map((s) => `<li>停止 / stop ${escapeHtml(day(s.receivedAt))} ${escapeHtml(s.scope)}${s.liftedAt ? ` (解除 / lifted ${escapeHtml(day(s.liftedAt))})` : ""}</li>`).join("")}</ul>
<h2>第三者提供記録 / Records of provision to others</h2>
<table><tr><th>date</th><th>recipient</th><th>purpose</th><th>ground</th><th>items</th></tr>${records.map((r) => `<tr><td>${escapeHtml(r.providedAt.slice(0, 10))}</td><td>${escapeHtml(r.recipient.name)}<br>${escapeHtml(r.recipient.address)}<br>${escapeHtml(r.recipient.representative)}</td><td>${escapeHtml(r.purpose)}</td><td>${escapeHtml(r.ground)}</td><td>${escapeHtml(r.items.join(", "))}</td></tr>`).join("")}${bulk.map((b) => `<tr><td>${escapeHtml(b.firstProvidedAt.slice(0, 10))} - ${escapeHtml(b.lastProvidedAt.slice(0, 10))}</td><td>${escapeHtml(b.recipient)}</td><td>${escapeHtml(b.purpose)}</td><td>${escapeHtml(b.ground)}</td><td>${escapeHtml(Array.isArray(b.items) ? b.items.join(", ") : "")}</td></tr>`).join("")}</table>
</html>
`;
  return { json, csv, html, notice, delivery: deliver(request, json, csv, html) };
}

// APPI art. 33(2): disclosed by the method the person asked for (electronic included), unless
// that is difficult; then in writing (a page to print and post).
function deliver(request: RequestToCompile, json: unknown, csv: string, html: string): Delivery {
  const base = `disclosure-${request.id}`;
  if (request.methodDifficultReason)
    return { form: "WRITTEN", mediaType: "text/html; charset=utf-8", fileName: `${base}.html`, body: html };
  switch (request.deliveryMethod) {
    case "ELECTRONIC_JSON":
      return {
        form: "ELECTRONIC_JSON",
        mediaType: "application/json",
        fileName: `${base}.json`,
        body: JSON.stringify(json),
      };
    case "ELECTRONIC_CSV":
      return {
        form: "ELECTRONIC_CSV",
        mediaType: "text/csv; charset=utf-8",
        fileName: `${base}.csv`,
        body: csv,
      };
    default:
      return {
        form: request.deliveryMethod,
        mediaType: "text/html; charset=utf-8",
        fileName: `${base}.html`,
        body: html,
      };
  }
}
