/** Scope discovery lists only items a query could actually get (issue: viewer promised order_category). */
import { describe, expect, it } from "vitest";
import { askableScopes } from "../../src/policy/askable-items.js";
import type { DataItemClass, LegalBasis, RecipientFacts } from "../../src/policy/types.js";

const NOW = new Date("2026-11-23T00:00:00Z");
const PAST = new Date("2025-01-01T00:00:00Z");
const classes: Record<string, DataItemClass> = {
  full_name: "ORDINARY",
  address: "ORDINARY",
  medical_note: "SENSITIVE",
  order_history: "ORDINARY",
  order_category: "ORDINARY",
};
const catalog = new Map(Object.entries(classes).map(([code, cls]) => [code, { code, class: cls }]));
const ALL = Object.keys(classes);
const purposes = new Map([["p", { code: "p", items: ALL }]]);
const prerequisites = new Map([["order_category", ["order_history"]]]);

function recipient(basis: LegalBasis, scope: string[]): RecipientFacts {
  return {
    id: "r",
    name: "R",
    legalBasis: basis,
    country: "JP",
    foreignRoute: null,
    activeFrom: PAST,
    activeUntil: null,
    purposes: ["p"],
    items: new Map([["p", new Set(scope)]]),
    groupCode: null,
    linksReferableData: false,
  };
}

const optOutNotice = {
  providerName: "M",
  purposeStatement: "第三者への提供",
  notifiedAt: PAST,
  waitingDays: 0,
  providerAddress: "T",
  providerRepresentative: "C",
  items: ["full_name"],
  acquisitionMethod: "web",
  provisionMethod: "list",
  stopOnRequest: true,
  requestMethod: "form",
  updateMethod: "monthly",
  ppcFiledAt: PAST,
  startsAt: PAST,
};

describe("askableScopes", () => {
  it.each([
    {
      rule: "an order field without the order history in scope cannot be asked (orders { category } needs both)",
      who: recipient("THIRD_PARTY_CONSENT", ["full_name", "order_category"]),
      items: ["full_name"],
    },
    {
      rule: "with the order history in scope it can",
      who: recipient("THIRD_PARTY_CONSENT", ["full_name", "order_history", "order_category"]),
      items: ["full_name", "order_category", "order_history"],
    },
    {
      rule: "27(2): opt-out lists only items its notice covers, never sensitive ones",
      who: recipient("OPT_OUT", ["full_name", "address", "medical_note"]),
      items: ["full_name"],
    },
    {
      rule: "27(5)(i), Q&A 7-42: an entrustee that links data can ask for nothing",
      who: { ...recipient("ENTRUSTEE", ["full_name"]), linksReferableData: true },
      items: null,
    },
  ])("$rule", ({ who, items }) => {
    const scopes = askableScopes({
      recipient: who,
      purposes,
      catalog,
      now: NOW,
      optOutNotice,
      prerequisites,
    });
    expect(scopes).toEqual(items ? [{ purpose: "p", items }] : []);
  });
});
