/**
 * Whether a new version of a purpose of use, or of a data item's class, may be published:
 * a purpose names known items (art. 17(1)), a change stays within what people can
 * reasonably expect (art. 17(2)) and is announced before it takes effect (art. 21(3)).
 */
import type { DataItemClass } from "./types.js";
import { checkVersionDates, type Effective, type Outcome } from "./versions.js";

export interface PurposeVersionDraft {
  purposeCode: string;
  description: string;
  descriptionJa: string;
  items: readonly string[];
  /** Why the change stays within what people can reasonably expect (art. 17(2)). */
  changeNote: string;
  announcedAt: Date;
  effectiveFrom: Date;
}

export interface PurposeVersionFacts extends Effective {
  description: string;
  descriptionJa: string;
  items: readonly string[];
}

const ANNOUNCE = "APPI art. 21(3)";

/**
 * `previous`: the latest version (null for a new purpose); `existing`: every version;
 * `classes`: the data items known, with the class in force when the draft takes effect.
 */
export function checkPurposeVersion(
  draft: PurposeVersionDraft,
  previous: PurposeVersionFacts | null,
  existing: readonly Effective[],
  classes: ReadonlyMap<string, DataItemClass>,
  now: Date,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const code = draft.purposeCode;
  // APPI art. 17(1): a purpose is specific, so it names the items it uses, all catalogued.
  if (draft.items.length === 0) {
    outcomes.push({
      code: "PURPOSE_WITHOUT_ITEMS",
      rule: "APPI art. 17(1)",
      message: `Purpose "${code}" must name at least one data item.`,
    });
  }
  for (const item of draft.items) {
    if (!classes.has(item)) {
      outcomes.push({
        code: "UNKNOWN_DATA_ITEM",
        rule: "APPI art. 17(1)",
        message: `Data item "${item}" does not exist: purpose "${code}" cannot use it.`,
      });
    }
  }
  if (!draft.description.trim() || !draft.descriptionJa.trim()) {
    outcomes.push({
      code: "PURPOSE_NOT_SPECIFIC",
      rule: "APPI art. 17(1)",
      message: `Purpose "${code}" must say what it is for, in Japanese and English.`,
    });
  }
  if (previous) {
    const before = new Set(previous.items);
    const added = draft.items.filter((i) => !before.has(i));
    const changed =
      added.length > 0 ||
      draft.items.length !== previous.items.length ||
      draft.description !== previous.description ||
      draft.descriptionJa !== previous.descriptionJa;
    // APPI art. 17(2): a change must stay related to the purpose as announced, to the
    // extent people can reasonably expect; whoever publishes it says why it does.
    if (changed && !draft.changeNote.trim()) {
      outcomes.push({
        code: "CHANGE_NOT_JUSTIFIED",
        rule: "APPI art. 17(2)",
        message: `Changing purpose "${code}" needs a changeNote saying why people could reasonably expect the change; a change beyond that needs their consent (a new purpose).`,
      });
    }
    // APPI art. 17(2), 20(2): sensitive data needs the person's consent to be acquired for a
    // purpose; adding it to an announced purpose is never within reasonable expectation.
    for (const item of added) {
      if (classes.get(item) === "SENSITIVE") {
        outcomes.push({
          code: "SENSITIVE_ITEM_ADDED",
          rule: "APPI art. 17(2); art. 20(2)",
          message: `Adding the sensitive item "${item}" to purpose "${code}" goes beyond what people could reasonably expect: create a new purpose and obtain consent.`,
        });
      }
    }
  }
  outcomes.push(...checkVersionDates(draft, existing, now, ANNOUNCE));
  return outcomes;
}

export interface ClassVersionDraft {
  itemCode: string;
  class: DataItemClass;
  announcedAt: Date;
  effectiveFrom: Date;
}

/**
 * A reclassification of a data item (art. 2(3), CO 1, art. 31). It reaches `allItems`
 * consents only through a new purpose version: a consent covers the classes of the
 * version it was given on.
 */
export function checkClassVersion(
  draft: ClassVersionDraft,
  current: DataItemClass | null,
  existing: readonly Effective[],
  now: Date,
): Outcome[] {
  const outcomes: Outcome[] = [];
  if (current === draft.class) {
    outcomes.push({
      code: "NOTHING_CHANGED",
      rule: "APPI art. 2(3)",
      message: `Data item "${draft.itemCode}" is already ${draft.class}.`,
    });
  }
  outcomes.push(...checkVersionDates(draft, existing, now, ANNOUNCE));
  return outcomes;
}
