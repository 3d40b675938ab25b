/**
 * Compiles a disclosure response (art. 33(1), 33(5)): the person's retained data and
 * their provision records, as JSON, CSV and a readable HTML page, without the records
 * staff withheld, with the notice of partial refusal.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "../../db/client.js";
import { disclosedRecords, partialRefusalNotice, type WithholdingGround } from "../../policy/disclosure.js";
import { findProvisionEvents } from "../records/find-events.js";

export interface CompiledResponse {
  json: Record<string, unknown>;
  csv: string;
  html: string;
  partialRefusalNotice: string | null;
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

export async function compileResponse(
  db: Db,
  request: { id: string; personId: string; withheld: { eventId: string; ground: string }[] },
  now: Date,
): Promise<CompiledResponse> {
  const person = await db.person.findUniqueOrThrow({
    where: { id: request.personId },
    include: { orders: { orderBy: { orderedAt: "asc" }, omit: { personId: true } } },
    omit: { acquisitionMethod: true },
  });
  const events = await findProvisionEvents(db, { personId: request.personId });
  const withheld = new Set(request.withheld.map((w) => w.eventId));
  const records = disclosedRecords(events, withheld, includeNotRequired()).map((e) => {
    const r = (e.recipientSnapshot ?? {}) as Record<string, unknown>;
    return {
      providedAt: e.at.toISOString(),
      recipient: { name: r.name, address: r.address, representative: r.representative, country: e.country },
      purpose: e.purposeCode,
      ground: e.ground,
      items: (e.people[0]?.items as string[] | undefined) ?? [],
      consentRelied: e.people[0]?.consentId ?? null,
    };
  });
  const notice = partialRefusalNotice(
    request.withheld.map((w) => ({ ground: w.ground as WithholdingGround })),
  );
  const json = {
    requestId: request.id,
    compiledAt: now.toISOString(),
    retainedPersonalData: person,
    provisionRecords: records,
    notice,
  };
  const csv = stringify(
    records.map((r) => ({
      ...r,
      recipient: `${r.recipient.name} / ${r.recipient.address} / ${r.recipient.representative}`,
      country: r.recipient.country,
      items: r.items.join(";"),
    })),
    {
      header: true,
      columns: ["providedAt", "recipient", "country", "purpose", "ground", "items", "consentRelied"],
    },
  );
  const { orders, ...fields } = person;
  const html = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>開示のご回答 / Disclosure response</title>
<h1>開示のご回答 / Disclosure response</h1>
<p>Request ${escapeHtml(request.id)}, compiled ${escapeHtml(now.toISOString().slice(0, 10))}.</p>
<h2>保有個人データ / Your retained personal data</h2>
<table>${Object.entries(fields)
    .map(
      ([k, v]) =>
        `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v instanceof Date ? v.toISOString().slice(0, 10) : v)}</td></tr>`,
    )
    .join("")}</table>
<h3>ご注文 / Orders</h3>
<table><tr><th>date</th><th>product</th><th>amount (yen)</th></tr>${orders.map((o) => `<tr><td>${escapeHtml(o.orderedAt.toISOString().slice(0, 10))}</td><td>${escapeHtml(o.product)}</td><td>${escapeHtml(o.amount)}</td></tr>`).join("")}</table>
<h2>第三者提供記録 / Records of provision to others</h2>
<table><tr><th>date</th><th>recipient</th><th>purpose</th><th>ground</th><th>items</th></tr>${records.map((r) => `<tr><td>${escapeHtml(r.providedAt.slice(0, 10))}</td><td>${escapeHtml(r.recipient.name)}<br>${escapeHtml(r.recipient.address)}<br>${escapeHtml(r.recipient.representative)}</td><td>${escapeHtml(r.purpose)}</td><td>${escapeHtml(r.ground)}</td><td>${escapeHtml(r.items.join(", "))}</td></tr>`).join("")}</table>
${notice ? `<h2>一部不開示のお知らせ / Notice of partial refusal</h2><pre>${escapeHtml(notice)}</pre>` : ""}
</html>
`;
  return { json, csv, html, partialRefusalNotice: notice };
}
