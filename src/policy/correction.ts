/**
 * Correction, addition and deletion requests (APPI art. 34): which requests can be taken up,
 * the workflow's states, the notice to the person (34(3), 36), and from the provision
 * records, which recipients received the item so staff can tell them. Pure.
 */
import type { RuleOutcome } from "./outcome.js";

export type CorrectionKind = "CORRECTION" | "ADDITION" | "DELETION";
export type CorrectionStatus = "RECEIVED" | "VERIFIED" | "CORRECTED" | "REFUSED";

export interface CorrectionDraft {
  kind: CorrectionKind;
  itemCode: string;
  requestedValue: string | null;
  /** The item is one the company holds about people (a person field). */
  held: boolean;
  /** The item may be empty (so it can be deleted). */
  nullable: boolean;
  /** A date item: the value must be a date. */
  isDate: boolean;
}

export function checkCorrectionRequest(d: CorrectionDraft): RuleOutcome[] {
  // APPI art. 34(1): the request is about retained personal data the company holds.
  if (!d.held)
    return [
      {
        code: "ITEM_NOT_HELD",
        rule: "APPI art. 34(1)",
        message: `"${d.itemCode}" is not an item we hold about people, so there is nothing to correct.`,
      },
    ];
  // House policy: the customer number identifies the record itself.
  if (d.itemCode === "customer_id")
    return [
      {
        code: "NOT_CORRECTABLE",
        rule: "House policy: the customer number identifies the record",
        message:
          "The customer number cannot be corrected; ask for the record's deletion or a new registration.",
      },
    ];
  if (d.kind === "DELETION") {
    return d.nullable
      ? []
      : [
          {
            code: "ITEM_REQUIRED",
            rule: "APPI art. 34(2)",
            message: `"${d.itemCode}" is needed for the purposes of use and cannot be emptied; a stop of use (art. 35) can be asked instead.`,
          },
        ];
  }
  if (!d.requestedValue?.trim())
    return [
      {
        code: "VALUE_MISSING",
        rule: "APPI art. 34(1)",
        message: "A correction or addition states the content the person says is right.",
      },
    ];
  if (d.isDate && Number.isNaN(new Date(d.requestedValue).getTime()))
    return [
      { code: "VALUE_NOT_A_DATE", rule: "APPI art. 34(1)", message: `"${d.requestedValue}" is not a date.` },
    ];
  return [];
}

const NEXT: Record<CorrectionStatus, readonly CorrectionStatus[]> = {
  RECEIVED: ["VERIFIED", "REFUSED"],
  VERIFIED: ["CORRECTED", "REFUSED"],
  CORRECTED: [],
  REFUSED: [],
};

// APPI art. 34(2), 37: the person is identified before anything is changed; a decided request stays decided.
export function checkCorrectionTransition(
  from: CorrectionStatus,
  to: CorrectionStatus,
): RuleOutcome<"REQUEST_WRONG_STATE"> | null {
  if (NEXT[from].includes(to)) return null;
  return {
    code: "REQUEST_WRONG_STATE",
    rule: from === "RECEIVED" ? "APPI art. 37" : "APPI art. 34(3)",
    message: `A ${from.toLowerCase()} correction request cannot become ${to.toLowerCase()}.`,
  };
}

// APPI art. 34(3), 36: the person is told without delay what was done, or that nothing was and why.
export function correctionNotice(
  r: { kind: CorrectionKind; itemCode: string; requestedValue: string | null },
  corrected: boolean,
  reason: string,
): { ja: string; en: string } {
  const what = {
    CORRECTION: ["訂正", "corrected"],
    ADDITION: ["追加", "added to"],
    DELETION: ["削除", "deleted"],
  }[r.kind];
  if (corrected)
    return {
      ja: `ご請求のとおり、保有個人データ「${r.itemCode}」の${what[0]}を行いました（個人情報保護法第34条第3項）。${reason}`,
      en: `As you asked, we have ${what[1]} your retained personal data "${r.itemCode}" (APPI art. 34(3)). ${reason}`,
    };
  return {
    ja: `保有個人データ「${r.itemCode}」の${what[0]}は行わないことと決定しました（同法第34条第3項）。理由: ${reason}\n理由のご説明をご希望の場合はお申し出ください（同法第36条）。`,
    en: `We decided not to make the ${r.kind.toLowerCase()} of "${r.itemCode}" (APPI art. 34(3)). Reason: ${reason}\nYou may ask us to explain (art. 36).`,
  };
}

export interface RecipientToNotify {
  recipientId: string;
  name: string;
  address: string;
  provisions: number;
  lastProvidedAt: Date;
}

// APPI art. 34 (with the records of art. 29): who received the item about the person, so staff
// can tell them of the correction. One row per recipient, latest first.
export function recipientsToNotify(
  events: readonly {
    recipientId: string;
    recipientSnapshot: unknown;
    at: Date;
    personItems: readonly string[];
  }[],
  itemCode: string,
): RecipientToNotify[] {
  const byRecipient = new Map<string, RecipientToNotify>();
  for (const e of events) {
    if (!e.personItems.includes(itemCode)) continue;
    const snap = (e.recipientSnapshot ?? {}) as { name?: string; address?: string };
    const row = byRecipient.get(e.recipientId);
    if (row) {
      row.provisions++;
      if (e.at > row.lastProvidedAt) row.lastProvidedAt = e.at;
    } else {
      byRecipient.set(e.recipientId, {
        recipientId: e.recipientId,
        name: snap.name ?? e.recipientId,
        address: snap.address ?? "",
        provisions: 1,
        lastProvidedAt: e.at,
      });
    }
  }
  return [...byRecipient.values()].sort((a, b) => b.lastProvidedAt.getTime() - a.lastProvidedAt.getTime());
}
