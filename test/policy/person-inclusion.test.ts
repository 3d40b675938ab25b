/**
 * Whether one person is included in a provision (APPI art. 20, 27(1)-(2), 28(1), 31, 35).
 * Each row: the basis, the person's state, and the decision with its article.
 */
import { describe, expect, it } from "vitest";
import {
  type ConsentFacts,
  decidePerson,
  type InclusionContext,
  type PersonState,
} from "../../src/policy/person-inclusion.js";
import type { PersonRule } from "../../src/policy/provision-scope.js";
import type { DataItemClass, RecipientFacts } from "../../src/policy/types.js";

const NOW = new Date("2026-11-23T00:00:00Z");
const PAST = new Date("2025-01-01T00:00:00Z");
const FUTURE = new Date("2027-01-01T00:00:00Z");

const recipient: RecipientFacts = {
  id: "aoba",
  name: "Aoba",
  legalBasis: "THIRD_PARTY_CONSENT",
  country: "JP",
  foreignRoute: null,
  activeFrom: PAST,
  activeUntil: null,
  purposes: ["health"],
  items: new Map(),
  groupCode: "aoba-group",
  linksReferableData: true,
};

const classes = new Map<string, DataItemClass>([
  ["full_name", "ORDINARY"],
  ["email", "ORDINARY"],
  ["medical_note", "SENSITIVE"],
  ["licence", "IDENTIFICATION_CODE"],
  ["cookie_id", "PERSONALLY_REFERABLE"],
]);

/**
 * What `allItems` covers on each purpose version: v1 listed full_name and cookie_id as
 * ordinary; v2 added email, and listed medical_note while it was sensitive.
 */
const COVERAGE = new Map<string, ReadonlySet<string>>([
  ["health-v1", new Set(["full_name", "cookie_id"])],
  ["health-v2", new Set(["full_name", "cookie_id", "email"])],
]);

const RULES: Record<string, PersonRule> = {
  entrustment: {
    ground: "ENTRUSTMENT",
    consent: "NONE",
    optOut: false,
    referableConfirmation: false,
    records: ["NOT_REQUIRED"],
  },
  consent: {
    ground: "CONSENT",
    consent: "DOMESTIC",
    optOut: false,
    referableConfirmation: false,
    records: ["CONSENT"],
  },
  foreign: {
    ground: "FOREIGN_CONSENT",
    consent: "FOREIGN",
    optOut: false,
    referableConfirmation: false,
    records: ["FOREIGN_CONSENT"],
  },
  optOut: {
    ground: "OPT_OUT",
    consent: "NONE",
    optOut: true,
    referableConfirmation: false,
    records: ["OPT_OUT"],
  },
  linking: {
    ground: "ENTRUSTMENT",
    consent: "NONE",
    optOut: false,
    referableConfirmation: true,
    records: ["NOT_REQUIRED", "REFERABLE_CONFIRMATION"],
  },
};

function consent(over: Partial<ConsentFacts> = {}): ConsentFacts {
  return {
    id: "c1",
    recipientId: "aoba",
    recipientGroup: null,
    purposeCode: "health",
    purposeVersionId: "health-v1",
    allItems: true,
    items: [],
    foreignStatementId: null,
    givenAt: PAST,
    withdrawnAt: null,
    ...over,
  };
}

function person(over: Partial<PersonState> = {}): PersonState {
  return {
    id: "p",
    acquisitionMethod: "DIRECT",
    consents: [],
    optOutRequests: [],
    suspensions: [],
    referablePledges: [],
    ...over,
  };
}

interface Row {
  rule: string;
  basis: keyof typeof RULES;
  items?: string[];
  /** The classes in force, when a row reclassifies an item. */
  classes?: ReadonlyMap<string, DataItemClass>;
  person: PersonState;
  batchPledge?: boolean;
  expect: "included" | string;
}

const rows: Row[] = [
  {
    rule: "27(5)(i) an entrustee needs no consent",
    basis: "entrustment",
    person: person(),
    expect: "included",
  },
  {
    rule: "35(5) a demand to stop all third-party provision excludes the person",
    basis: "entrustment",
    person: person({
      suspensions: [
        {
          scope: "THIRD_PARTY_PROVISION",
          recipientId: null,
          purposeCode: null,
          receivedAt: PAST,
          liftedAt: null,
        },
      ],
    }),
    expect: "SUSPENDED_PROVISION",
  },
  {
    rule: "35(5) a demand naming this recipient excludes the person",
    basis: "consent",
    person: person({
      consents: [consent()],
      suspensions: [
        {
          scope: "THIRD_PARTY_PROVISION",
          recipientId: "aoba",
          purposeCode: null,
          receivedAt: PAST,
          liftedAt: null,
        },
      ],
    }),
    expect: "SUSPENDED_PROVISION",
  },
  {
    rule: "35(5) a demand naming another recipient does not",
    basis: "entrustment",
    person: person({
      suspensions: [
        {
          scope: "THIRD_PARTY_PROVISION",
          recipientId: "other",
          purposeCode: null,
          receivedAt: PAST,
          liftedAt: null,
        },
      ],
    }),
    expect: "included",
  },
  {
    rule: "35(1) a demand to stop use for the purpose excludes the person",
    basis: "entrustment",
    person: person({
      suspensions: [
        {
          scope: "USE_FOR_PURPOSE",
          recipientId: null,
          purposeCode: "health",
          receivedAt: PAST,
          liftedAt: null,
        },
      ],
    }),
    expect: "SUSPENDED_USE",
  },
  {
    rule: "35 a lifted demand no longer excludes",
    basis: "entrustment",
    person: person({
      suspensions: [
        {
          scope: "THIRD_PARTY_PROVISION",
          recipientId: null,
          purposeCode: null,
          receivedAt: PAST,
          liftedAt: PAST,
        },
      ],
    }),
    expect: "included",
  },
  {
    rule: "20(1) improperly acquired data is never provided",
    basis: "entrustment",
    person: person({ acquisitionMethod: "IMPROPER" }),
    expect: "IMPROPERLY_ACQUIRED",
  },
  {
    rule: "27(1) consent-based provision needs the person's consent",
    basis: "consent",
    person: person(),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) a consent to this recipient for this purpose includes the person",
    basis: "consent",
    person: person({ consents: [consent()] }),
    expect: "included",
  },
  {
    rule: "27(1) a consent to a named group that includes the recipient counts",
    basis: "consent",
    person: person({ consents: [consent({ recipientId: null, recipientGroup: "aoba-group" })] }),
    expect: "included",
  },
  {
    rule: "27(1) a consent for another purpose does not",
    basis: "consent",
    person: person({ consents: [consent({ purposeCode: "marketing" })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) a withdrawn consent stops provision at once",
    basis: "consent",
    person: person({ consents: [consent({ withdrawnAt: PAST })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) a consent dated in the future is not yet given",
    basis: "consent",
    person: person({ consents: [consent({ givenAt: FUTURE })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) sensitive items need a consent that names them",
    basis: "consent",
    items: ["full_name", "medical_note"],
    person: person({ consents: [consent({ allItems: true })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) a consent naming the sensitive item covers it",
    basis: "consent",
    items: ["full_name", "medical_note"],
    person: person({ consents: [consent({ allItems: false, items: ["full_name", "medical_note"] })] }),
    expect: "included",
  },
  {
    rule: "27(1) allItems covers the items of the purpose version consented on",
    basis: "consent",
    items: ["full_name", "email"],
    person: person({ consents: [consent({ purposeVersionId: "health-v2" })] }),
    expect: "included",
  },
  {
    rule: "27(1) an item a later version added is not covered by a consent on an earlier one",
    basis: "consent",
    items: ["full_name", "email"],
    person: person({ consents: [consent({ purposeVersionId: "health-v1" })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) an item reclassified sensitive to ordinary is not covered by allItems given before",
    basis: "consent",
    items: ["medical_note"],
    classes: new Map([...classes, ["medical_note", "ORDINARY"]]),
    person: person({ consents: [consent({ purposeVersionId: "health-v2" })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) a consent on no known purpose version covers nothing by allItems",
    basis: "consent",
    person: person({ consents: [consent({ purposeVersionId: null })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "27(1) identification codes need a consent that names them",
    basis: "consent",
    items: ["licence"],
    person: person({ consents: [consent({ allItems: true })] }),
    expect: "NO_CONSENT",
  },
  {
    rule: "28(1) route A needs a consent given on the recipient's statement",
    basis: "foreign",
    person: person({ consents: [consent()] }),
    expect: "NO_FOREIGN_CONSENT",
  },
  {
    rule: "28(1), R17 a consent given on the statement includes the person",
    basis: "foreign",
    person: person({ consents: [consent({ foreignStatementId: "st1" })] }),
    expect: "included",
  },
  {
    rule: "28(2), R17 a consent dated before the statement was published does not",
    basis: "foreign",
    person: person({
      consents: [consent({ foreignStatementId: "st1", givenAt: new Date("2024-01-01T00:00:00Z") })],
    }),
    expect: "NO_FOREIGN_CONSENT",
  },
  {
    rule: "28(1) a consent on another recipient's statement does not",
    basis: "foreign",
    person: person({ consents: [consent({ foreignStatementId: "other" })] }),
    expect: "NO_FOREIGN_CONSENT",
  },
  {
    rule: "27(2) opt-out provision includes a person who did not opt out",
    basis: "optOut",
    person: person(),
    expect: "included",
  },
  {
    rule: "27(2) a person's opt-out request excludes them",
    basis: "optOut",
    person: person({ optOutRequests: [{ recipientId: null, receivedAt: PAST, withdrawnAt: null }] }),
    expect: "OPTED_OUT",
  },
  {
    rule: "27(2) data received by opt-out is not passed on by opt-out",
    basis: "optOut",
    person: person({ acquisitionMethod: "BY_OPT_OUT" }),
    expect: "ACQUIRED_BY_OPT_OUT",
  },
  {
    rule: "27(2) opt-out requests do not affect other bases",
    basis: "entrustment",
    person: person({ optOutRequests: [{ recipientId: null, receivedAt: PAST, withdrawnAt: null }] }),
    expect: "included",
  },
  {
    rule: "31(1) linking referable items needs the recipient's confirmation for the person",
    basis: "linking",
    items: ["cookie_id"],
    person: person(),
    expect: "NO_REFERABLE_CONFIRMATION",
  },
  {
    rule: "31(1) a confirmed pledge for the person includes them",
    basis: "linking",
    items: ["cookie_id"],
    person: person({ referablePledges: [{ recipientId: "aoba", confirmedAt: PAST, withdrawnAt: null }] }),
    expect: "included",
  },
  {
    rule: "31(1) a batch pledge covers everyone",
    basis: "linking",
    items: ["cookie_id"],
    person: person(),
    batchPledge: true,
    expect: "included",
  },
];

describe("decidePerson", () => {
  it.each(rows)("art. $rule", (row) => {
    const ctx: InclusionContext = {
      recipient,
      purposeCode: "health",
      items: new Set(row.items ?? ["full_name"]),
      classes: row.classes ?? classes,
      allItemsCoverage: COVERAGE,
      rule: RULES[row.basis] as PersonRule,
      foreignStatements: new Map([["st1", new Date("2024-06-01T00:00:00Z")]]),
      batchReferablePledge: row.batchPledge ?? false,
      now: NOW,
    };
    const result = decidePerson(row.person, ctx);
    if (row.expect === "included") expect(result.included).toBe(true);
    else expect(result).toMatchObject({ included: false, reason: row.expect });
  });
});
