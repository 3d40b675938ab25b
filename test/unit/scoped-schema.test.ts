/** The schema cut for a scope, and the purpose-literal reading of older clients: pure units. */
import { parse, print, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { partnerScope, scopeVersion } from "../../src/partner-schema/partner-schemas.js";
import { withPurposeEnum } from "../../src/partner-schema/purpose-literals.js";
import { scopedSchema } from "../../src/partner-schema/scoped-schema.js";
import type { RecipientFacts } from "../../src/policy/types.js";
import { schema } from "../../src/schema.js";

const scope = (entries: Record<string, string[]>) => ({
  purposes: new Map(Object.entries(entries).map(([p, items]) => [p, new Set(items)])),
});

describe("scopedSchema", () => {
  it("keeps an item's field with the purposes that allow it, and drops the rest", () => {
    const cut = scopedSchema(
      schema,
      scope({ delivery: ["customer_id", "full_name"], support: ["full_name", "email"] }),
      "visible",
    );
    const person = cut.getType("Person") as unknown as {
      getFields(): Record<string, { description: string }>;
    };
    expect(Object.keys(person.getFields()).sort()).toEqual(["email", "fullName", "id"]);
    expect(person.getFields().fullName?.description).toMatch(/Allowed for purposes: delivery, support\.$/);
    expect(cut.getType("Order")).toBeUndefined();
    expect(cut.getType("PersonFilter")).toBeUndefined();
    expect(cut.getMutationType()).toBeUndefined();
  });

  it("drops Query.person without the customer number, and both provision fields without items", () => {
    const noId = scopedSchema(schema, scope({ mailing_list: ["full_name"] }), "visible");
    expect(Object.keys(noId.getQueryType()?.getFields() ?? {})).toContain("people");
    expect(Object.keys(noId.getQueryType()?.getFields() ?? {})).not.toContain("person");
    const none = scopedSchema(schema, scope({}), "visible");
    expect(Object.keys(none.getQueryType()?.getFields() ?? {}).sort()).toEqual([
      "dataItems",
      "myProvisions",
      "publicNotice",
      "purposes",
      "viewer",
    ]);
    expect(printSchema(none)).not.toMatch(/\bPerson\b/);
  });

  it("keeps Person.orders only with order_history and some Order item", () => {
    const without = scopedSchema(
      schema,
      scope({ advertising: ["customer_id", "order_category"] }),
      "visible",
    );
    expect(without.getType("Order")).toBeUndefined();
    const withOrders = scopedSchema(
      schema,
      scope({ delivery: ["customer_id", "order_history", "order_date"] }),
      "visible",
    );
    const order = withOrders.getType("Order") as unknown as { getFields(): object };
    expect(Object.keys(order.getFields())).toEqual(["orderedAt"]);
  });
});

describe("partnerScope and its version", () => {
  const recipient = {
    id: "r",
    legalBasis: "ENTRUSTEE",
    purposes: ["delivery"],
    items: new Map([
      ["delivery", new Set(["full_name", "email"])],
      ["marketing", new Set(["email"])],
    ]),
  } as unknown as RecipientFacts;
  const purposes = new Map([["delivery", { code: "delivery", items: ["full_name"] }]]);

  it("keeps only covered purposes and the items their announcement uses", () => {
    expect(partnerScope(recipient, purposes)).toEqual(scope({ delivery: ["full_name"] }));
  });

  it("gives the same version to the same scope and another to a changed one", () => {
    expect(scopeVersion("r", scope({ a: ["x", "y"] }))).toBe(scopeVersion("r", scope({ a: ["y", "x"] })));
    expect(scopeVersion("r", scope({ a: ["x"] }))).not.toBe(scopeVersion("r", scope({ a: ["x", "y"] })));
    expect(scopeVersion("r", scope({ a: ["x"] }))).not.toBe(scopeVersion("s", scope({ a: ["x"] })));
  });
});

describe("withPurposeEnum", () => {
  const fields = new Set(["people", "person"]);
  const read = (query: string) => print(withPurposeEnum(parse(query), fields));

  it("reads a purpose string as the enum value, and a String purpose variable as the enum type", () => {
    expect(read(`{ people(purpose: "delivery") { edges { cursor } } }`)).toContain(
      "people(purpose: delivery)",
    );
    expect(read(`query($p: String!) { person(purpose: $p, id: "C1") { id } }`)).toContain(
      "$p: ProvisionPurpose!",
    );
  });

  it("leaves a variable used elsewhere too, other arguments, and the enum form as they are", () => {
    const shared = `query($p: String!) { people(purpose: $p, after: $p) { edges { cursor } } }`;
    expect(read(shared)).toContain("$p: String!");
    expect(read(`{ people(purpose: delivery, after: "delivery") { edges { cursor } } }`)).toContain(
      `after: "delivery"`,
    );
    const document = parse(`{ people(purpose: delivery) { edges { cursor } } }`);
    expect(withPurposeEnum(document, fields)).toBe(document);
  });
});
