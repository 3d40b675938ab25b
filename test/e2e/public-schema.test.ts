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
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RateLimits } from "../../src/hardening/settings.js";
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

describe("keyless requests per address", () => {
  const SMALL: RateLimits = {
    perKey: { points: 3, durationSeconds: 60 },
    peoplePerKey: { points: 20_000, durationSeconds: 60 },
    concurrentPerKey: 4,
    failedAuthPerIp: { points: 2, durationSeconds: 600 },
    trustedProxies: 1,
    redisUrl: null,
    keyPrefix: "teikyo-test",
  };
  const gateways: ReturnType<typeof createTeikyo>[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((g) => g.dispose()));
  });

  async function sender() {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW, rateLimits: SMALL });
    gateways.push(yoga);
    return async (query: string, ip: string, path = "/graphql", key?: string) => {
      const res = await yoga.fetch(`http://teikyo.test${path}`, {
        method: path === "/graphql" ? "POST" : "GET",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": ip,
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        ...(path === "/graphql" ? { body: JSON.stringify({ query }) } : {}),
      });
      const text = await res.text();
      const body = res.headers.get("content-type")?.includes("json")
        ? (JSON.parse(text) as { errors?: { extensions?: any }[] })
        : {};
      return { status: res.status, limit: body.errors?.[0]?.extensions?.limit };
    };
  }

  it("gives an address without a key a key's budget of requests, the SDL included", async () => {
    const send = await sender();
    const notice = `{ publicNotice { title } }`;
    expect((await send(notice, "203.0.113.30")).status).toBe(200);
    expect((await send(notice, "203.0.113.30", "/schema.graphql")).status).toBe(200);
    expect((await send(notice, "203.0.113.30")).status).toBe(200);
    expect(await send(notice, "203.0.113.30")).toEqual({ status: 429, limit: "perAddress" });
    expect((await send(notice, "203.0.113.31")).status).toBe(200);
    // A key from the same address has its own budget.
    const viewer = await send(`{ viewer { role } }`, "203.0.113.30", "/graphql", demoKey("hayate-logistics"));
    expect(viewer.status).toBe(200);
  });

  it("counts keyless operations outside the public schema as failed authentications", async () => {
    const send = await sender();
    expect((await send(`{ viewer { role } }`, "203.0.113.40")).status).toBe(401);
    expect((await send(`{ people(purpose: "delivery") { edges { cursor } } }`, "203.0.113.40")).status).toBe(
      401,
    );
    // Locked out, public notice included, before the text is read; other addresses are not.
    expect(await send(`{ publicNotice { title } }`, "203.0.113.40")).toEqual({
      status: 429,
      limit: "failedAuthPerIp",
    });
    expect((await send(`{ publicNotice { title } }`, "203.0.113.41")).status).toBe(200);
  });
});
