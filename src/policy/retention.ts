/** How long a provision record is kept (APPI R21), and when bulk recording is allowed (R19(2)). */
import type { RuleOutcome } from "./outcome.js";

export type RecordKeeping =
  /** A contract with the person stands as the record: 1 year after the last provision it covers. */
  | { kind: "CONTRACT"; lastProvisionAt: Date }
  /** Bulk record of continuous provision: 3 years after the last provision it covers. */
  | { kind: "BULK"; lastProvisionAt: Date }
  /** Any other record: 3 years from the date it was made. */
  | { kind: "EACH"; recordedAt: Date };

function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

// APPI R21(1)(i)-(iii): 1 year (contract), 3 years after the last provision (bulk), else 3 years.
export function keepUntil(keeping: RecordKeeping): Date {
  switch (keeping.kind) {
    case "CONTRACT":
      return addYears(keeping.lastProvisionAt, 1);
    case "BULK":
      return addYears(keeping.lastProvisionAt, 3);
    case "EACH":
      return addYears(keeping.recordedAt, 3);
  }
}

// APPI R19(2): bulk recording is allowed for continuous or repeated provision, never for opt-out.
export function bulkRecordingProblem(basis: string): RuleOutcome<"BULK_RECORDING_NOT_ALLOWED"> | null {
  return basis === "OPT_OUT"
    ? {
        code: "BULK_RECORDING_NOT_ALLOWED",
        rule: "APPI R19(2)",
        message: "Opt-out provisions are recorded each time, never in bulk.",
      }
    : null;
}
