/**
 * A request without a key gets the public schema (docs/decisions/0053): the public notice
 * APPI requires the company to publish anyway, its introspection and its SDL, validated
 * against it; any keyless operation naming anything else is still a 401 UNAUTHENTICATED,
 * decided before the database is read, counted as a failed authentication per address;
 * keyless requests are counted per address; a presented bad key is a 401 whatever it asks.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, recordingDb, testDb } from "../helpers.js";

type Gql = Awaited<ReturnType<typeof client>>;

const INTROSPECTION_TYPES = [
  "__Directive",
  "__DirectiveLocation",
  "__EnumValue",
  "__Field",
  "__InputValue",
  "__Schema",
  "__Type",
  "__TypeKind",
];

describe("the public schema, without a key", () => {
  let gql: Gql;
  beforeAll(async () => {
    gql = await client();
  });

  it("is what introspection answers: the public notice and nothing else", async () => {
    const res = await gql(null, getIntrospectionQuery({ descriptions: true }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const schema = buildClientSchema(res.body.data as unknown as IntrospectionQuery);
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(["publicNotice"]);
    expect(schema.getMutationType()).toBeNull();
    expect(schema.getSubscriptionType()).toBeNull();
    expect(Object.keys(schema.getTypeMap()).sort()).toEqual(
      [
        "Boolean",
        "DateTime",
        "Float",
        "ID",
        "Int",
        "JSON",
        "PublicNotice",
        "PublicNoticeSection",
        "Query",
        "String",
        ...INTROSPECTION_TYPES,
      ].sort(),
    );
    // GET /schema.graphql without a key: the same schema as SDL.
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const sdl = await yoga.fetch("http://teikyo.test/schema.graphql");
    expect(sdl.status).toBe(200);
    expect(await sdl.text()).toBe(`${printSchema(lexicographicSortSchema(schema))}\n`);
  });

  it("answers the public notice as a key gets it", async () => {
    const query = `query Notice($lang: String) { publicNotice(lang: $lang) { lang title sections { id } markdown } }`;
    const anonymous = await gql(null, query, { lang: "en" });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data?.publicNotice.title).toBe("Privacy Policy");
    expect(anonymous.body.data?.publicNotice.markdown).toContain("To deliver products ordered by customers");
    const keyed = await gql(demoKey("hayate-logistics"), query, { lang: "en" });
    expect(anonymous.body.data).toEqual(keyed.body.data);
    // Introspection of names outside it finds nothing, rather than refusing, so it tells nothing.
    const type = await gql(null, `{ __type(name: "Person") { name } __typename }`);
    expect(type.body.data).toEqual({ __type: null, __typename: "Query" });
  });

  it("validates against the public schema: a mistake in a public field is an ordinary validation error", async () => {
    const res = await gql(null, `{ publicNotice(language: "en") { title } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.message).toBe(`Unknown argument "language" on field "Query.publicNotice".`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it.each([
    {
      case: "a provision field",
      query: `{ people(purpose: "delivery", first: 1) { edges { cursor } } }`,
      outside: ["Query.people"],
    },
    { case: "the caller's own key", query: `{ viewer { role } }`, outside: ["Query.viewer"] },
    {
      case: "the catalog",
      query: `{ purposes { code } dataItems { code } }`,
      outside: ["Query.purposes", "Query.dataItems"],
    },
    {
      case: "a mutation",
      query: `mutation { createPurpose(input: { code: "x", description: "x", descriptionJa: "x", items: ["email"] }) { code } }`,
      outside: ["Mutation"],
    },
    {
      case: "a public field beside another",
      query: `{ publicNotice { title } viewer { role } }`,
      outside: ["Query.viewer"],
    },
    {
      case: "a fragment on a personal type",
      query: `query { publicNotice { title } } fragment P on Person { fullName }`,
      outside: ["Person"],
    },
    {
      case: "a variable of an internal type",
      query: `query($f: PersonFilter) { publicNotice { title } }`,
      outside: ["PersonFilter"],
    },
    // Refused alike, so a stranger cannot tell a name behind a key from no name at all.
    { case: "a field that exists nowhere", query: `{ noSuchField }`, outside: ["Query.noSuchField"] },
  ])(
    "refuses $case with 401, naming what is outside, before the database is read",
    async ({ query, outside }) => {
      const recording = recordingDb(await testDb());
      const yoga = createTeikyo({ db: recording.db, clock: () => NOW });
      const res = await yoga.fetch("http://teikyo.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: any }[] };
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.message).toMatch(/^Missing API key: without a key only the public schema/);
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: "UNAUTHENTICATED",
        reason: "OUTSIDE_PUBLIC_SCHEMA",
        outside,
      });
      expect(recording.reads).toEqual([]);
    },
  );

  it("refuses a registered operation's hash without a key", async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors?: { extensions?: any }[] };
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: "UNAUTHENTICATED",
      reason: "PERSISTED_OPERATION_NEEDS_KEY",
    });
  });

  it("parses a keyless text no further than the token limit", async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW, limits: { maxTokens: 50 } });
    const fields = Array.from({ length: 80 }, (_, i) => `f${i}`).join(" ");
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ people { ${fields} } }` }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors?: { extensions?: any }[] };
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "tokens",
      max: 50,
    });
  });

  it("still refuses a presented bad key with 401, even for the public notice", async () => {
    const res = await gql("tk_nosuchkey_abcdefghijklmnopqrstuv", `{ publicNotice { title } }`);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.message).toMatch(/Unknown API key/);
    expect(res.body.data ?? null).toBeNull();
  });
});
