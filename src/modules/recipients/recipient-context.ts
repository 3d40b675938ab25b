/**
 * The recipient's notices, checks and pledges that the legal rules take, loaded with the
 * key and cached: every version is kept, and the ones in force are chosen per request
 * (noticesAt), so a version announced for a later date waits for its date.
 */
import type { ConformingCheckFacts, JointUseNoticeFacts, OptOutNoticeFacts } from "../../policy/notices.js";
import { inForce } from "../../policy/person-inclusion.js";
import { type Effective, versionInForce } from "../../policy/versions.js";
import { optOutWaitingDays } from "./opt-out-settings.js";

export type OptOutNoticeVersion = OptOutNoticeFacts & Effective & { id: string; version: number };
export type JointUseNoticeVersion = JointUseNoticeFacts & Effective & { id: string; version: number };

export interface RecipientContext {
  optOutNotices: readonly OptOutNoticeVersion[];
  jointUseNotices: readonly JointUseNoticeVersion[];
  conformingChecks: readonly (ConformingCheckFacts & { id: string })[];
  /** The recipient's foreign statements (R17): id to publication date. */
  foreignStatements: ReadonlyMap<string, Date>;
  batchPledges: readonly { confirmedAt: Date; withdrawnAt: Date | null }[];
}

export const RECIPIENT_CONTEXT_INCLUDE = {
  optOutNotices: { orderBy: { version: "asc" } },
  jointUseNotices: { orderBy: { version: "asc" } },
  conformingChecks: { orderBy: { checkedAt: "desc" } },
  foreignStatements: { select: { id: true, publishedAt: true } },
} as const;

const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

type StoredOptOut = Omit<OptOutNoticeVersion, "items" | "effectiveFrom" | "waitingDays"> & { items: unknown };
type StoredJointUse = Omit<JointUseNoticeVersion, "items" | "purposes"> & {
  items: unknown;
  purposes: unknown;
};

/** A stored opt-out notice as facts: it takes effect when provision starts. */
export function toOptOutVersion(n: StoredOptOut, waitingDays = optOutWaitingDays()): OptOutNoticeVersion {
  return { ...n, items: stringList(n.items), effectiveFrom: n.startsAt, waitingDays };
}

export function toJointUseVersion(n: StoredJointUse): JointUseNoticeVersion {
  return { ...n, items: stringList(n.items), purposes: stringList(n.purposes) };
}

export function toRecipientContext(
  r: {
    optOutNotices: StoredOptOut[];
    jointUseNotices: StoredJointUse[];
    conformingChecks: (ConformingCheckFacts & { id: string })[];
    foreignStatements: { id: string; publishedAt: Date }[];
  },
  batchPledges: { confirmedAt: Date; withdrawnAt: Date | null }[],
): RecipientContext {
  return {
    optOutNotices: r.optOutNotices.map((n) => toOptOutVersion(n)),
    jointUseNotices: r.jointUseNotices.map(toJointUseVersion),
    conformingChecks: r.conformingChecks,
    foreignStatements: new Map(r.foreignStatements.map((s) => [s.id, s.publishedAt])),
    batchPledges,
  };
}

/** The notice versions in force at `now`, and the checks, as decideScope takes them. */
export function noticesAt(ctx: RecipientContext, now: Date) {
  return {
    optOutNotice: versionInForce(ctx.optOutNotices, now),
    jointUseNotice: versionInForce(ctx.jointUseNotices, now),
    conformingChecks: ctx.conformingChecks,
  };
}

export function hasBatchPledge(ctx: RecipientContext, now: Date): boolean {
  return ctx.batchPledges.some((p) => inForce(p.confirmedAt, p.withdrawnAt, now));
}
