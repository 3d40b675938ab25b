/**
 * Policy facts (purposes, item classes, notices) are published as effective-dated versions,
 * never edited: which version is in force at a moment, and whether a new version's dates
 * are lawful (announced first, not back-dated, not overlapping the versions before it).
 */

/** One outcome of a rule: a stable code, the APPI article it applies, and a message. */
export interface Outcome {
  code: string;
  rule: string;
  message: string;
}

export interface Effective {
  announcedAt: Date;
  effectiveFrom: Date;
  effectiveUntil: Date | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The version in force at `now`: announced, started and not yet replaced; of several, the
 * one that started last. Null when none is (fail closed: nothing was announced yet).
 */
export function versionInForce<V extends Effective>(versions: readonly V[], now: Date): V | null {
  let found: V | null = null;
  const t = now.getTime();
  for (const v of versions) {
    if (v.announcedAt.getTime() > t || v.effectiveFrom.getTime() > t) continue;
    if (v.effectiveUntil !== null && v.effectiveUntil.getTime() <= t) continue;
    if (!found || v.effectiveFrom.getTime() > found.effectiveFrom.getTime()) found = v;
  }
  return found;
}

export interface NewVersionDates {
  announcedAt: Date;
  effectiveFrom: Date;
}

/**
 * The dates of a new version: announced no earlier than it is published (no back-dating),
 * effective no earlier than announced, and later than every version before it (versions
 * never overlap; an earlier one ends where the new one starts). `rule` is the article that
 * requires the announcement for this kind of fact.
 */
export function checkVersionDates(
  next: NewVersionDates,
  existing: readonly Pick<Effective, "effectiveFrom">[],
  now: Date,
  rule: string,
): Outcome[] {
  const outcomes: Outcome[] = [];
  if (next.announcedAt.getTime() < now.getTime()) {
    outcomes.push({
      code: "ANNOUNCEMENT_BACKDATED",
      rule,
      message: `The announcement date ${day(next.announcedAt)} is before the version is published (${day(now)}): an announcement cannot be back-dated.`,
    });
  }
  if (next.effectiveFrom.getTime() < next.announcedAt.getTime()) {
    outcomes.push({
      code: "EFFECTIVE_BEFORE_ANNOUNCEMENT",
      rule,
      message: `The version would take effect on ${day(next.effectiveFrom)}, before it is announced on ${day(next.announcedAt)}.`,
    });
  }
  const latest = existing.reduce<Date | null>(
    (max, v) => (max === null || v.effectiveFrom.getTime() > max.getTime() ? v.effectiveFrom : max),
    null,
  );
  if (latest !== null && next.effectiveFrom.getTime() <= latest.getTime()) {
    outcomes.push({
      code: "OVERLAPPING_VERSION",
      rule,
      message: `A version already takes effect on ${day(latest)}; a new version must take effect after it (${day(next.effectiveFrom)} does not).`,
    });
  }
  return outcomes;
}
