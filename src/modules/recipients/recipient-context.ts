/** The recipient's notices, checks and pledges that the legal rules take, loaded with the key. */
import type { ConformingCheckFacts, JointUseNoticeFacts, OptOutNoticeFacts } from "../../policy/notices.js";
import { inForce } from "../../policy/person-inclusion.js";

export interface RecipientContext {
  optOutNotice: OptOutNoticeFacts | null;
  jointUseNotice: JointUseNoticeFacts | null;
  conformingChecks: readonly ConformingCheckFacts[];
  /** The recipient's foreign statements (R17): id to publication date. */
  foreignStatements: ReadonlyMap<string, Date>;
  batchPledges: readonly { confirmedAt: Date; withdrawnAt: Date | null }[];
}

export const RECIPIENT_CONTEXT_INCLUDE = {
  optOutNotice: true,
  jointUseNotice: true,
  conformingChecks: { orderBy: { checkedAt: "desc" } },
  foreignStatements: { select: { id: true, publishedAt: true } },
} as const;

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export function toRecipientContext(
  r: {
    optOutNotice: (Omit<OptOutNoticeFacts, "items"> & { items: unknown }) | null;
    jointUseNotice:
      (Omit<JointUseNoticeFacts, "items" | "purposes"> & { items: unknown; purposes: unknown }) | null;
    conformingChecks: ConformingCheckFacts[];
    foreignStatements: { id: string; publishedAt: Date }[];
  },
  batchPledges: { confirmedAt: Date; withdrawnAt: Date | null }[],
): RecipientContext {
  return {
    optOutNotice: r.optOutNotice ? { ...r.optOutNotice, items: stringList(r.optOutNotice.items) } : null,
    jointUseNotice: r.jointUseNotice
      ? {
          ...r.jointUseNotice,
          items: stringList(r.jointUseNotice.items),
          purposes: stringList(r.jointUseNotice.purposes),
        }
      : null,
    conformingChecks: r.conformingChecks,
    foreignStatements: new Map(r.foreignStatements.map((s) => [s.id, s.publishedAt])),
    batchPledges,
  };
}

export function hasBatchPledge(ctx: RecipientContext, now: Date): boolean {
  return ctx.batchPledges.some((p) => inForce(p.confirmedAt, p.withdrawnAt, now));
}
