/**
 * The public schema (src/public-schema): cut from the full schema to the fields marked
 * public, and the check that names what a keyless operation reaches outside it, judged on
 * the public schema alone.
 */
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { outsidePublic } from "../../src/public-schema/outside-public.js";
import { cutPublicSchema, isPublicRootField } from "../../src/public-schema/public-schema.js";
import { schema as full } from "../../src/schema.js";

const { schema, sdl } = cutPublicSchema(full);

describe("the public schema", () => {
  it("keeps the root fields marked public, no mutation, and the types they reach", () => {
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(["publicNotice"]);
    expect(schema.getMutationType()).toBeUndefined();
    expect(sdl).not.toMatch(/\b(Person|Order|Mutation|AuditEvent|Viewer|Purpose)\b/);
    expect(schema.getType("ID")).toBeDefined();
  });

  it("never keeps a field marked public that a role scope guards", () => {
    expect(isPublicRootField({ extensions: { public: true } })).toBe(true);
    expect(isPublicRootField({ extensions: {} })).toBe(false);
    expect(
      isPublicRootField({ extensions: { public: true, pothosOptions: { authScopes: { admin: true } } } }),
    ).toBe(false);
  });
});

describe("what a keyless operation names outside it", () => {
  it.each([
    ["{ publicNotice { title } __typename }", []],
    [
      'query($id: ID!, $at: DateTime) { publicNotice(at: $at) { title } __type(name: "Person") { name } }',
      [],
    ],
    ["{ publicNotice(nope: 1) { nope } }", ["PublicNotice.nope"]],
    ["{ people { edges { node { fullName } } } }", ["Query.people"]],
    ["{ viewer { role } publicNotice { title } purposes { code } }", ["Query.viewer", "Query.purposes"]],
    ["mutation { createPurpose { code } }", ["Mutation"]],
    ["subscription { tick }", ["Subscription"]],
    ["query { ...P } fragment P on Person { fullName }", ["Person"]],
    ["{ publicNotice { ... on AuditEvent { id } } }", ["AuditEvent"]],
    ["query($f: PersonFilter) { __typename }", ["PersonFilter"]],
  ])("%s → %j", (query, outside) => {
    expect(outsidePublic(schema, parse(query))).toEqual(outside);
  });
});
