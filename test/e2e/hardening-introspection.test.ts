/**
 * Internal roles see the whole schema; partners introspect only the schema cut to their
 * scope (test/e2e/partner-schema.test.ts) and get no "Did you mean" suggestions; a request
 * without a key introspects only the public schema (test/e2e/public-schema.test.ts), and
 * one with a bad key gets a 401 before its query is even read.
 */
import { getIntrospectionQuery } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { client, demoKey } from "../helpers.js";

const SCHEMA = `{ __schema { queryType { name } } }`;
const TYPE = `{ __type(name: "Person") { fields { name } } }`;
const MISSPELT = `{ people(purpose: "delivery", first: 1) { edges { node { fullNam } } } }`;

describe("introspection and suggestions", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  const hayate = demoKey("hayate-logistics");

  beforeAll(async () => {
    gql = await client();
  });

  it.each(["compliance", "admin", "analytics"])(
    "lets the %s role introspect the whole schema",
    async (role) => {
      const res = await gql(
        demoKey(role),
        getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }),
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.__schema.queryType.name).toBe("Query");
    },
  );

  it("answers a partner's introspection with its own schema, not the whole one", async () => {
    expect((await gql(hayate, SCHEMA)).body.data?.__schema.queryType.name).toBe("Query");
    const fields = (await gql(hayate, TYPE)).body.data?.__type.fields.map((f: { name: string }) => f.name);
    expect(fields).toContain("fullName");
    expect(fields).not.toContain("medicalNote");
    const internal = await gql(hayate, `{ __type(name: "AuditEvent") { name } }`);
    expect(internal.body.data?.__type).toBeNull();
  });

  it("still answers __typename to a partner", async () => {
    const res = await gql(hayate, `{ __typename viewer { __typename } }`);
    expect(res.body.data).toEqual({ __typename: "Query", viewer: { __typename: "Viewer" } });
  });

  it("answers introspection without a key with the public schema only, and refuses a bad key with 401", async () => {
    // Was a 401 too before the public schema (0051, superseded by 0053): the public schema
    // holds only the public notice, so its introspection names nothing internal.
    const anonymous = await gql(null, `{ __schema { queryType { fields { name } } mutationType { name } } }`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data?.__schema).toEqual({
      queryType: { fields: [{ name: "publicNotice" }] },
      mutationType: null,
    });
    expect((await gql(null, TYPE)).body.data?.__type).toBeNull();
    const res = await gql("tk_nosuchkey_abcdefghijklmnopqrstuv", SCHEMA);
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("tells a partner an unknown field without suggesting the real names, and compliance with them", async () => {
    // Both orders: validation results are cached per document, never across roles.
    for (const order of [
      ["partner", "compliance"],
      ["compliance", "partner"],
    ]) {
      const query = `${MISSPELT} # ${order.join(" then ")}`;
      for (const who of order) {
        const res = await gql(who === "partner" ? hayate : demoKey("compliance"), query);
        const message = res.body.errors?.[0]?.message;
        if (who === "partner") expect(message).toBe(`Cannot query field "fullNam" on type "Person".`);
        else expect(message).toBe(`Cannot query field "fullNam" on type "Person". Did you mean "fullName"?`);
      }
    }
  });

  it("gives a partner no suggestion for arguments, input fields or variables either", async () => {
    const messages = async (query: string, variables?: Record<string, unknown>) =>
      ((await gql(hayate, query, variables)).body.errors ?? []).map((e) => e.message);

    expect(await messages(`{ people(purpose: "delivery", firts: 1) { edges { cursor } } }`)).toEqual([
      `Unknown argument "firts" on field "Query.people".`,
    ]);
    expect(
      await messages(`{ people(purpose: "delivery", filter: { prefectur: "x" }) { edges { cursor } } }`),
    ).toEqual([`Field "prefectur" is not defined by type "PersonFilter".`]);
    expect(
      await messages(
        `query($f: PersonFilter) { people(purpose: "delivery", first: 1, filter: $f) { edges { cursor } } }`,
        { f: { prefectur: "東京都" } },
      ),
    ).toEqual([
      `Variable "$f" got invalid value { prefectur: "東京都" }; Field "prefectur" is not defined by type "PersonFilter".`,
    ]);
  });
});
