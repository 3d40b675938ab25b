import { describe, expect, it } from "vitest";
import {
  fieldCoordinate,
  MAX_ROWS_PER_REQUEST,
  refusalRows,
} from "../../src/modules/refusals/refusal-rows.js";

const known = {
  purposes: new Set(["delivery"]),
  items: new Set(["email", "postal_code"]),
  provisionFields: new Set(["people", "person"]),
};
const denied = (ext: Record<string, unknown>) => ({
  extensions: { code: "PROVISION_DENIED", reason: "ITEM_NOT_IN_SCOPE", rule: "APPI art. 27(1)", ...ext },
});

describe("refusal log rows", () => {
  it("names fields by schema coordinate, never by the partner's alias", () => {
    expect(fieldCoordinate("who.edges.node.m (Person.email)", known.provisionFields)).toBe("Person.email");
    expect(fieldCoordinate("people(filter.postalCode)", known.provisionFields)).toBe(
      "Query.people(filter.postalCode)",
    );
    expect(fieldCoordinate("yamadaTaro(id)", known.provisionFields)).toBe("Query(id)");
    expect(fieldCoordinate("free text", known.provisionFields)).toBeNull();
    expect(fieldCoordinate(null, known.provisionFields)).toBeNull();
  });

  it("keeps catalog codes only, one row per distinct refusal, other errors ignored", () => {
    const rows = refusalRows(
      [
        denied({ purpose: "delivery", dataItem: "email", field: "a.edges.node.x (Person.email)" }),
        denied({ purpose: "delivery", dataItem: "email", field: "b.edges.node.y (Person.email)" }),
        denied({ reason: "UNKNOWN_PURPOSE", purpose: "山田太郎", dataItem: "山田" }),
        denied({ reason: "not a code", purpose: "delivery" }),
        { extensions: { code: "FORBIDDEN", reason: "X", rule: "Y" } },
      ],
      known,
    );
    expect(rows).toEqual([
      {
        reason: "ITEM_NOT_IN_SCOPE",
        rule: "APPI art. 27(1)",
        purposeCode: "delivery",
        field: "Person.email",
        dataItem: "email",
      },
      { reason: "UNKNOWN_PURPOSE", rule: "APPI art. 27(1)", purposeCode: null, field: null, dataItem: null },
    ]);
  });

  it("caps the rows of one request", () => {
    const many = Array.from({ length: MAX_ROWS_PER_REQUEST + 20 }, (_, i) =>
      denied({ field: `k${i}(id)`, reason: `R${i}` }),
    );
    expect(refusalRows(many, known)).toHaveLength(MAX_ROWS_PER_REQUEST);
  });
});
