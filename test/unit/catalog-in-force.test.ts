/**
 * The catalog in force is made once per span in which the same versions are in force
 * (catalog-snapshot.ts): a request at any instant must still get exactly what catalogAt
 * gives, across an announcement, a start and an end, in any order of instants.
 */
import { describe, expect, it } from "vitest";
import {
  type CatalogVersions,
  catalogAt,
  catalogInForce,
} from "../../src/modules/catalog/catalog-snapshot.js";

const at = (iso: string) => new Date(`${iso}T00:00:00+09:00`);

// phone: ordinary until 2026-06-01, sensitive from then (announced 2026-05-01).
// delivery v2 (adds phone): announced 2026-04-01, in force from 2026-05-01 until 2026-07-01.
const versions: CatalogVersions = {
  labels: new Map(),
  classVersions: new Map([
    [
      "phone",
      [
        {
          id: "c1",
          version: 1,
          class: "ORDINARY",
          announcedAt: at("2026-01-01"),
          effectiveFrom: at("2026-01-01"),
          effectiveUntil: at("2026-06-01"),
        },
        {
          id: "c2",
          version: 2,
          class: "SENSITIVE",
          announcedAt: at("2026-05-01"),
          effectiveFrom: at("2026-06-01"),
          effectiveUntil: null,
        },
      ],
    ],
  ]),
  purposeVersions: new Map([
    [
      "delivery",
      [
        {
          id: "p1",
          purposeCode: "delivery",
          version: 1,
          description: "",
          descriptionJa: "",
          changeNote: "",
          announcedAt: at("2026-01-01"),
          effectiveFrom: at("2026-01-01"),
          effectiveUntil: at("2026-05-01"),
          items: [],
        },
        {
          id: "p2",
          purposeCode: "delivery",
          version: 2,
          description: "",
          descriptionJa: "",
          changeNote: "",
          announcedAt: at("2026-04-01"),
          effectiveFrom: at("2026-05-01"),
          effectiveUntil: at("2026-07-01"),
          items: [{ itemCode: "phone", itemClass: "ORDINARY" }],
        },
      ],
    ],
  ]),
};

const view = (c: ReturnType<typeof catalogAt>) => ({
  items: [...c.items.values()],
  purposes: [...c.purposes.values()],
});

describe("the catalog in force, made once per span", () => {
  const instants = [
    "2026-03-01",
    "2026-04-30",
    "2026-05-01",
    "2026-03-01",
    "2026-05-31",
    "2026-06-01",
    "2026-07-01",
    "2026-06-30",
    "2025-12-31",
    "2026-08-01",
  ].map(at);

  it("gives what catalogAt gives at every instant, back and forth across the versions' dates", () => {
    for (const now of instants) {
      expect(view(catalogInForce(versions, now)), now.toISOString()).toEqual(view(catalogAt(versions, now)));
      // One millisecond before each instant too: the span ends exactly at a version's date.
      const before = new Date(now.getTime() - 1);
      expect(view(catalogInForce(versions, before)), before.toISOString()).toEqual(
        view(catalogAt(versions, before)),
      );
    }
  });

  it("switches purpose and class versions on their dates", () => {
    expect(catalogInForce(versions, at("2026-04-30")).purposes.get("delivery")?.versionId).toBe("p1");
    expect(catalogInForce(versions, at("2026-05-01")).purposes.get("delivery")?.versionId).toBe("p2");
    expect(catalogInForce(versions, at("2026-05-31")).items.get("phone")?.class).toBe("ORDINARY");
    expect(catalogInForce(versions, at("2026-06-01")).items.get("phone")?.class).toBe("SENSITIVE");
    expect(catalogInForce(versions, at("2026-07-01")).purposes.has("delivery")).toBe(false);
  });

  it("serves instants of one span with one catalog", () => {
    expect(catalogInForce(versions, at("2026-05-02"))).toBe(catalogInForce(versions, at("2026-05-30")));
  });
});
