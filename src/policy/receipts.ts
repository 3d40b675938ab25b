/**
 * Receiving personal data from a third party (APPI art. 30, R22-25): what the company must
 * confirm and record, and what a recipient of ours is told about how each person's data was
 * acquired. Pure; the ledger lives in modules/receipts.
 */
import type { RuleOutcome } from "./outcome.js";

export type ReceiptBasis = "CONSENT" | "OPT_OUT";

export interface ReceiptDraft {
  providerName: string;
  providerAddress: string;
  providerRepresentative: string;
  providerAcquisition: string;
  basis: ReceiptBasis;
  ppcPublication: string | null;
  items: readonly string[];
  knownItems: ReadonlySet<string>;
  personIds: readonly string[];
}

export function checkReceipt(d: ReceiptDraft): RuleOutcome[] {
  const problems: RuleOutcome[] = [];
  const blank = (s: string | null) => !s || !s.trim();
  // Art. 30(1)(i): the provider's name, address and representative are confirmed.
  const missing = (
    [
      ["provider name", d.providerName],
      ["provider address", d.providerAddress],
      ["provider representative", d.providerRepresentative],
    ] as const
  )
    .filter(([, v]) => blank(v))
    .map(([k]) => k);
  if (missing.length)
    problems.push({
      code: "PROVIDER_NOT_CONFIRMED",
      rule: "APPI art. 30(1)(i)",
      message: `Confirm the ${missing.join(", ")}.`,
    });
  // Art. 30(1)(ii): how the provider acquired the data is confirmed.
  if (blank(d.providerAcquisition))
    problems.push({
      code: "ACQUISITION_NOT_CONFIRMED",
      rule: "APPI art. 30(1)(ii)",
      message: "Confirm how the provider acquired the data.",
    });
  // R24(1): data received by opt-out is recorded with the PPC's publication of the provider's filing (art. 27(4)).
  if (d.basis === "OPT_OUT" && blank(d.ppcPublication))
    problems.push({
      code: "PPC_PUBLICATION_MISSING",
      rule: "APPI R24(1); art. 27(4)",
      message: "Data received by opt-out is recorded with the PPC publication of the provider's filing.",
    });
  const unknown = d.items.filter((i) => !d.knownItems.has(i));
  if (d.items.length === 0 || unknown.length)
    problems.push({
      code: "UNKNOWN_DATA_ITEM",
      rule: "APPI R24(1)",
      message: d.items.length
        ? `Unknown items: ${unknown.join(", ")}.`
        : "A receipt record names the items received.",
    });
  if (d.personIds.length === 0)
    problems.push({
      code: "NO_PERSON",
      rule: "APPI R24(1)",
      message: "A receipt record names the people whose data was received.",
    });
  return problems;
}

// R25: a receipt record is kept three years (the contract-with-the-person case is not modelled).
export function receiptKeepUntil(recordedAt: Date): Date {
  const d = new Date(recordedAt.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 3);
  return d;
}

/** How the company now holds a person's data after a receipt: opt-out data may not be passed on by opt-out (27(2)). */
export function acquisitionAfterReceipt(
  current: "DIRECT" | "FROM_THIRD_PARTY_WITH_CONSENT" | "BY_OPT_OUT" | "IMPROPER",
  basis: ReceiptBasis,
): "DIRECT" | "FROM_THIRD_PARTY_WITH_CONSENT" | "BY_OPT_OUT" | "IMPROPER" {
  if (current === "IMPROPER" || current === "BY_OPT_OUT") return current;
  return basis === "OPT_OUT" ? "BY_OPT_OUT" : "FROM_THIRD_PARTY_WITH_CONSENT";
}

export interface ReceiptFacts {
  id: string;
  providerName: string;
  providerAddress: string;
  providerRepresentative: string;
  providerAcquisition: string;
  basis: ReceiptBasis;
  ppcPublication: string | null;
}

export interface AcquisitionGroup {
  /** DIRECT, or the receipt the data came by. */
  method: string;
  sourceName: string;
  sourceAddress: string;
  sourceRepresentative: string;
  description: string;
  ppcPublication: string | null;
  personCount: number;
}

// APPI art. 30(1)(ii): a recipient confirms how the provider acquired the data. That differs
// per person, so a provision's people are grouped by the circumstance of their acquisition.
export function groupAcquisitions(
  people: readonly { method: string; receipt: ReceiptFacts | null }[],
  company: { name: string; address: string; representative: string; acquisition: string },
): AcquisitionGroup[] {
  const groups = new Map<string, AcquisitionGroup>();
  for (const p of people) {
    const r = p.receipt;
    const key = r ? `receipt:${r.id}` : p.method;
    const group = groups.get(key);
    if (group) {
      group.personCount++;
      continue;
    }
    groups.set(
      key,
      r
        ? {
            method: r.basis === "OPT_OUT" ? "BY_OPT_OUT" : "FROM_THIRD_PARTY_WITH_CONSENT",
            sourceName: r.providerName,
            sourceAddress: r.providerAddress,
            sourceRepresentative: r.providerRepresentative,
            description: r.providerAcquisition,
            ppcPublication: r.ppcPublication,
            personCount: 1,
          }
        : {
            method: p.method,
            sourceName: company.name,
            sourceAddress: company.address,
            sourceRepresentative: company.representative,
            description: company.acquisition,
            ppcPublication: null,
            personCount: 1,
          },
    );
  }
  return [...groups.values()].sort((a, b) => b.personCount - a.personCount);
}
