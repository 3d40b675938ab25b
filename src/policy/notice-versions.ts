/**
 * Whether a new version of a joint-use or opt-out notice may be published. Joint use may
 * never change its items or joint users, and changes its purposes or responsible party
 * only from a date announced in advance (art. 27(6)). Opt-out names every item of art.
 * 27(2), tells people first and leaves them time to object before provision starts (Rules
 * art. 11(1)), and files the notice, each change and the cessation with the PPC (27(2)-(3)).
 */
import type { JointUseNoticeFacts, OptOutNoticeFacts } from "./notices.js";
import { checkVersionDates, type Effective, type Outcome } from "./versions.js";

const day = (d: Date) => d.toISOString().slice(0, 10);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
const blank = (s: string) => s.trim().length === 0;

export type JointUseDraft = Omit<JointUseNoticeFacts, "id"> & { effectiveFrom: Date };

export function checkJointUseVersion(
  draft: JointUseDraft,
  previous: JointUseDraft | null,
  existing: readonly Effective[],
  knownPurposes: ReadonlySet<string>,
  now: Date,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const rule = "APPI art. 27(5)(iii)";
  const missing: string[] = (
    [
      ["the joint users", draft.jointUsers],
      ["the responsible party's name", draft.responsibleName],
      ["its address", draft.responsibleAddress],
      ["its representative", draft.responsibleRepresentative],
    ] as const
  )
    .filter(([, v]) => blank(v))
    .map(([k]) => k);
  if (draft.items.length === 0) missing.push("the items");
  if (draft.purposes.length === 0) missing.push("the purposes");
  if (missing.length > 0) {
    outcomes.push({
      code: "JOINT_USE_NOTICE_INCOMPLETE",
      rule,
      message: `The joint-use notice lacks: ${missing.join(", ")}.`,
    });
  }
  for (const p of draft.purposes) {
    if (!knownPurposes.has(p))
      outcomes.push({
        code: "UNKNOWN_PURPOSE",
        rule: "APPI art. 17(1)",
        message: `Purpose "${p}" is not an announced purpose of use.`,
      });
  }
  if (previous) {
    // APPI art. 27(6): the items and the joint users of a joint use never change; a wider
    // joint use is a new provision, which needs consent or a new notice before acquisition.
    if (!sameSet(draft.items, previous.items)) {
      outcomes.push({
        code: "JOINT_USE_ITEMS_CHANGED",
        rule: "APPI art. 27(6)",
        message: `The items of a joint use cannot change (announced: ${[...previous.items].sort().join(", ")}). Obtain consent, or announce a new joint use before the data is acquired.`,
      });
    }
    if (draft.jointUsers.trim() !== previous.jointUsers.trim()) {
      outcomes.push({
        code: "JOINT_USERS_CHANGED",
        rule: "APPI art. 27(6)",
        message: `The joint users cannot change (announced: ${previous.jointUsers}). Obtain consent, or announce a new joint use before the data is acquired.`,
      });
    }
    // APPI art. 27(6): a new purpose or responsible party applies only from a date the
    // people were told of in advance.
    const responsibleChanged =
      draft.responsibleName !== previous.responsibleName ||
      draft.responsibleAddress !== previous.responsibleAddress ||
      draft.responsibleRepresentative !== previous.responsibleRepresentative;
    const purposesChanged = !sameSet(draft.purposes, previous.purposes);
    if (
      (responsibleChanged || purposesChanged) &&
      draft.effectiveFrom.getTime() <= draft.announcedAt.getTime()
    ) {
      outcomes.push({
        code: "CHANGE_NOT_ANNOUNCED_IN_ADVANCE",
        rule: "APPI art. 27(6)",
        message: `A change of the ${purposesChanged ? "purposes" : "responsible party"} of a joint use takes effect only from a later date announced in advance (announced ${day(draft.announcedAt)}, effective ${day(draft.effectiveFrom)}).`,
      });
    }
  }
  outcomes.push(...checkVersionDates(draft, existing, now, rule));
  return outcomes;
}

export type OptOutDraft = Omit<OptOutNoticeFacts, "id" | "waitingDays"> & { announcedAt: Date };

/**
 * `waitingDays`: the time people get between notification and the start of provision to
 * ask for a stop (Rules art. 11(1); TEIKYO_OPT_OUT_WAITING_DAYS).
 */
export function checkOptOutVersion(
  draft: OptOutDraft,
  existing: readonly Effective[],
  waitingDays: number,
  now: Date,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const change = existing.length > 0;
  if (blank(draft.purposeStatement)) {
    outcomes.push({
      code: "OPT_OUT_NOTICE_INCOMPLETE",
      rule: "APPI art. 27(2)(ii)",
      message: "The opt-out notice must say that provision to third parties is a purpose of use.",
    });
  }
  if (!draft.notifiedAt) {
    outcomes.push({
      code: "NOT_NOTIFIED",
      rule: "APPI art. 27(2); Rules art. 11(1)",
      message:
        "notifiedAt is missing: people must be notified (or the notice made easy to know) before opt-out provision.",
    });
  } else if (draft.startsAt.getTime() < draft.notifiedAt.getTime() + waitingDays * 86_400_000) {
    outcomes.push({
      code: "WAITING_PERIOD_TOO_SHORT",
      rule: "Rules art. 11(1)",
      message: `Provision may start ${waitingDays} days after people were notified (${day(draft.notifiedAt)}) at the earliest, so they can ask for a stop; ${day(draft.startsAt)} is too early.`,
    });
  }
  if (draft.ppcFiledAt.getTime() > draft.startsAt.getTime()) {
    outcomes.push({
      code: "FILED_AFTER_START",
      rule: change ? "APPI art. 27(3)" : "APPI art. 27(2)",
      message: `The ${change ? "change" : "notice"} must be filed with the PPC before provision under it starts (filed ${day(draft.ppcFiledAt)}, starts ${day(draft.startsAt)}).`,
    });
  }
  outcomes.push(
    ...checkVersionDates(
      { announcedAt: draft.announcedAt, effectiveFrom: draft.startsAt },
      existing,
      now,
      change ? "APPI art. 27(3)" : "APPI art. 27(2)",
    ),
  );
  return outcomes;
}

/** APPI art. 27(3): ceasing opt-out provision is notified and filed with the PPC first. */
export function checkOptOutCessation(
  current: Effective | null,
  ceasedAt: Date,
  cessationFiledAt: Date | null,
  now: Date,
): Outcome[] {
  const rule = "APPI art. 27(3)";
  if (!current)
    return [{ code: "NOTHING_TO_CEASE", rule, message: "No opt-out notice is in force to cease." }];
  const outcomes: Outcome[] = [];
  if (!cessationFiledAt) {
    outcomes.push({
      code: "CESSATION_NOT_FILED",
      rule,
      message: "The cessation of opt-out provision must be filed with the PPC (cessationFiledAt).",
    });
  }
  if (ceasedAt.getTime() < now.getTime()) {
    outcomes.push({
      code: "ANNOUNCEMENT_BACKDATED",
      rule,
      message: `Cessation cannot be back-dated (${day(ceasedAt)}).`,
    });
  }
  return outcomes;
}
