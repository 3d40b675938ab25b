/** Whether a recipient's notices and checks let a provision start (art. 27(2)-(3), 27(5)(iii), 28(3)). */
import type { Denial } from "./types.js";

export interface OptOutNoticeFacts {
  /** The notice version (recorded with each provision). */
  id?: string;
  providerName: string;
  /** That provision to third parties is a purpose of use (art. 27(2)(ii)). */
  purposeStatement: string;
  providerAddress: string;
  providerRepresentative: string;
  items: readonly string[];
  acquisitionMethod: string;
  provisionMethod: string;
  stopOnRequest: boolean;
  requestMethod: string;
  updateMethod: string;
  /** When people were notified; provision waits `waitingDays` after it (Rules art. 11(1)). */
  notifiedAt: Date | null;
  waitingDays?: number;
  ppcFiledAt: Date;
  startsAt: Date;
}

export interface JointUseNoticeFacts {
  /** The notice version (recorded with each provision). */
  id?: string;
  jointUsers: string;
  items: readonly string[];
  purposes: readonly string[];
  responsibleName: string;
  responsibleAddress: string;
  responsibleRepresentative: string;
  announcedAt: Date;
}

export interface ConformingCheckFacts {
  basis: string;
  checkedAt: Date;
  nextCheckDue: Date;
  measuresAssured: boolean;
}

const blank = (s: string) => s.trim().length === 0;

// APPI art. 27(2)-(3): the notice holds every required item, was filed with the PPC, and has started.
export function checkOptOutNotice(
  notice: OptOutNoticeFacts | null,
  requested: readonly string[],
  now: Date,
): Denial | null {
  const rule = "APPI art. 27(2)";
  if (!notice) {
    return {
      code: "OPT_OUT_NOTICE_MISSING",
      rule,
      message: "No opt-out notice is registered for this recipient: no provision by opt-out.",
    };
  }
  const missing: string[] = (
    [
      ["provider name", notice.providerName],
      ["provider address", notice.providerAddress],
      ["provider representative", notice.providerRepresentative],
      ["that third-party provision is a purpose of use", notice.purposeStatement],
      ["how the data was acquired", notice.acquisitionMethod],
      ["how it is provided", notice.provisionMethod],
      ["how requests are received", notice.requestMethod],
      ["how the data is updated", notice.updateMethod],
    ] as const
  )
    .filter(([, v]) => blank(v))
    .map(([k]) => k);
  if (!notice.stopOnRequest) missing.push("that provision stops on request");
  if (notice.items.length === 0) missing.push("the items provided");
  if (missing.length > 0) {
    return {
      code: "OPT_OUT_NOTICE_INCOMPLETE",
      rule: "APPI art. 27(2)-(3)",
      message: `The opt-out notice lacks: ${missing.join(", ")}.`,
    };
  }
  if (notice.ppcFiledAt.getTime() > notice.startsAt.getTime() || notice.startsAt.getTime() > now.getTime()) {
    return {
      code: "OPT_OUT_NOT_STARTED",
      rule,
      message: `Opt-out provision starts ${notice.startsAt.toISOString().slice(0, 10)}, after a PPC filing (filed ${notice.ppcFiledAt.toISOString().slice(0, 10)}): not yet.`,
    };
  }
  // Rules art. 11(1): people were told, and had the waiting period to ask for a stop.
  const waitMs = (notice.waitingDays ?? 0) * 86_400_000;
  if (!notice.notifiedAt || notice.notifiedAt.getTime() + waitMs > notice.startsAt.getTime()) {
    return {
      code: "OPT_OUT_NOT_STARTED",
      rule: "APPI art. 27(2); Rules art. 11(1)",
      message: notice.notifiedAt
        ? `People were notified ${notice.notifiedAt.toISOString().slice(0, 10)}; provision may start only ${notice.waitingDays ?? 0} days later: not in force.`
        : "The opt-out notice does not say when people were notified: not in force.",
    };
  }
  const outside = requested.filter((i) => !notice.items.includes(i));
  if (outside.length > 0) {
    return {
      code: "ITEM_NOT_IN_NOTICE",
      rule: "APPI art. 27(2)(iii)",
      message: `Items not in the opt-out notice: ${outside.join(", ")}.`,
    };
  }
  return null;
}

// APPI art. 27(5)(iii): joint use rests on a prior notice of users, items, purposes and the responsible party.
export function checkJointUseNotice(
  notice: JointUseNoticeFacts | null,
  purpose: string,
  requested: readonly string[],
  now: Date,
): Denial | null {
  const rule = "APPI art. 27(5)(iii)";
  if (!notice || notice.announcedAt.getTime() > now.getTime()) {
    return {
      code: "JOINT_USE_NOTICE_MISSING",
      rule,
      message: "No joint-use notice was announced before this provision.",
    };
  }
  if (
    [
      notice.jointUsers,
      notice.responsibleName,
      notice.responsibleAddress,
      notice.responsibleRepresentative,
    ].some(blank)
  ) {
    return {
      code: "JOINT_USE_NOTICE_INCOMPLETE",
      rule,
      message:
        "The joint-use notice lacks the joint users or the responsible party's name, address or representative.",
    };
  }
  if (!notice.purposes.includes(purpose)) {
    return {
      code: "PURPOSE_NOT_PERMITTED",
      rule,
      message: `Purpose "${purpose}" is not among the announced joint-use purposes.`,
    };
  }
  const outside = requested.filter((i) => !notice.items.includes(i));
  if (outside.length > 0) {
    return {
      code: "ITEM_NOT_IN_NOTICE",
      rule,
      message: `Items not announced for joint use: ${outside.join(", ")}.`,
    };
  }
  return null;
}

/** The check in force at `now`: the latest one dated at or before it (a future-dated entry counts for nothing). */
export function checkInForce(
  checks: readonly ConformingCheckFacts[],
  now: Date,
): ConformingCheckFacts | null {
  let latest: ConformingCheckFacts | null = null;
  for (const c of checks) {
    if (
      c.checkedAt.getTime() <= now.getTime() &&
      (!latest || c.checkedAt.getTime() > latest.checkedAt.getTime())
    )
      latest = c;
  }
  return latest;
}

// APPI art. 28(3), R18: route C holds only while the periodic check is current and the measures assured.
export function checkConformingSystem(check: ConformingCheckFacts | null, now: Date): Denial | null {
  const rule = "APPI art. 28(3)";
  if (!check)
    return {
      code: "FOREIGN_CHECK_MISSING",
      rule,
      message: "No check of the recipient's conforming system is recorded: no provision under route C.",
    };
  if (!check.measuresAssured) {
    return {
      code: "FOREIGN_MEASURES_NOT_ASSURED",
      rule,
      message: `The check of ${check.checkedAt.toISOString().slice(0, 10)} could not assure the recipient's measures: provision stopped.`,
    };
  }
  if (check.nextCheckDue.getTime() <= now.getTime()) {
    return {
      code: "FOREIGN_CHECK_OVERDUE",
      rule,
      message: `The periodic check was due ${check.nextCheckDue.toISOString().slice(0, 10)}: provision stopped until it is done.`,
    };
  }
  return null;
}
