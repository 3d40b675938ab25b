/**
 * Query limits at their default values, over HTTP: each refusal names the limit and its
 * value, answers 400 (413 for the body), and comes before any resolver reads a person.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, recordingDb, testDb } from "../helpers.js";

const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(" ");

/** Every Person item, orders included: the widest page a query can ask for. */
const EVERY_ITEM = `id fullName fullNameKana birthDate gender email phone postalCode prefecture address
  companyName department membershipTier customerSince cookieId deviceId lastIp driversLicenseNumber
  medicalNote orders { product category amount orderedAt }`;
const fullPage = (alias: string) =>
  `${alias}: people(purpose: "delivery", first: 500) { edges { cursor node { ${EVERY_ITEM} } } }`;

describe("query limits", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let reads: string[];
  const hayate = demoKey("hayate-logistics");
  const compliance = demoKey("compliance");

  beforeAll(async () => {
    const recording = recordingDb(await testDb(), ["person", "order", "provisionEvent"]);
    reads = recording.reads;
    gql = await client({ db: recording.db });
  });

  /** Sends the query and checks the refusal: status, code, limit and value, and nothing read. */
  async function refused(key: string, query: string, variables?: Record<string, unknown>) {
    reads.length = 0;
    const res = await gql(key, query, variables);
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(reads).toEqual([]);
    return res.body.errors![0]!;
  }

  it("refuses a query nested deeper than 10", async () => {
    const nested = `${times(11, () => "... on Person {")} fullName ${"}".repeat(11)}`;
    const error = await refused(
      hayate,
      `{ people(purpose: "delivery", first: 1) { edges { node { ${nested} } } } }`,
    );
    expect(error.message).toBe("Query depth limit of 10 exceeded, found 15.");
    expect(error.extensions).toEqual({
      requestId: expect.any(String),
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "depth",
      max: 10,
    });
  });

  it("refuses a query whose estimated cost is over 120000, and lets two full pages through", async () => {
    const error = await refused(hayate, `{ ${fullPage("a")} ${fullPage("b")} ${fullPage("c")} }`);
    expect(error.message).toMatch(/^Query Cost limit of 120000 exceeded, found [\d.]+\.$/);
    expect(error.extensions).toEqual({
      requestId: expect.any(String),
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "cost",
      max: 120000,
    });

    // Two full pages pass every limit: the refusal that follows is the provision rule's.
    const two = await gql(hayate, `{ ${fullPage("a")} ${fullPage("b")} }`);
    expect(two.body.errors?.[0]?.extensions?.code).toBe("PROVISION_DENIED");
  });

  it("refuses more than 15 aliases", async () => {
    const error = await refused(hayate, `{ ${times(16, (i) => `v${i}: viewer { role }`)} }`);
    expect(error.message).toBe("Aliases limit of 15 exceeded, found 16.");
    expect(error.extensions).toEqual({
      requestId: expect.any(String),
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "aliases",
      max: 15,
    });
  });

  it("refuses more than 50 directives", async () => {
    const fields = times(51, (i) => `t${i}: __typename @skip(if: false)`);
    const error = await refused(hayate, `{ viewer { ${fields} } }`);
    expect(error.message).toBe("Directives limit of 50 exceeded, found 51.");
    expect(error.extensions).toEqual({
      requestId: expect.any(String),
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "directives",
      max: 50,
    });
  });

  it("refuses a query of more than 1000 tokens", async () => {
    const error = await refused(hayate, `{ viewer { ${"role ".repeat(1000)} } }`);
    expect(error.message).toBe("Token limit of 1000 exceeded.");
    expect(error.extensions).toEqual({
      requestId: expect.any(String),
      code: "QUERY_LIMIT_EXCEEDED",
      limit: "tokens",
      max: 1000,
    });
  });

  it("answers 400 to clients that accept only application/json, too", async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${hayate}`,
      },
      body: JSON.stringify({ query: `{ ${times(16, (i) => `v${i}: viewer { role }`)} }` }),
    });
    expect(res.status).toBe(400);
  });

  describe("request body", () => {
    const oversized = JSON.stringify({
      query: `{ viewer { role } }`,
      variables: { pad: "x".repeat(110_000) },
    });
    const post = async (body: BodyInit, headers: Record<string, string> = {}) => {
      const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
      // No key: the body limit comes before authentication.
      return yoga.fetch("http://teikyo.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
        duplex: "half",
      } as RequestInit);
    };

    it("refuses a body over 100 KiB with 413, by its Content-Length", async () => {
      const res = await post(oversized, { "content-length": String(Buffer.byteLength(oversized)) });
      expect(res.status).toBe(413);
      const body = (await res.json()) as { errors: { message: string; extensions: unknown }[] };
      expect(body.errors[0]?.message).toBe("Request body too large: the limit is 102400 bytes.");
      expect(body.errors[0]?.extensions).toEqual({
        code: "REQUEST_ENTITY_TOO_LARGE",
        limit: "bodyBytes",
        max: 102400,
        // Like every other error: the id the response header carries.
        requestId: res.headers.get("x-request-id"),
      });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("refuses a streamed body over 100 KiB with 413 as it arrives", async () => {
      const bytes = new TextEncoder().encode(oversized);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
          controller.close();
        },
      });
      const res = await post(stream);
      expect(res.status).toBe(413);
      const body = (await res.json()) as {
        errors: { message: string; extensions: { requestId?: string } }[];
      };
      expect(body.errors[0]?.message).toBe("Request body too large: the limit is 102400 bytes.");
      expect(body.errors[0]?.extensions.requestId).toBe(res.headers.get("x-request-id"));
    });
  });

  describe("page sizes (first)", () => {
    it.each([
      { case: "a literal over 500", first: "501", variables: undefined, got: 501 },
      { case: "a literal of 0", first: "0", variables: undefined, got: 0 },
      { case: "a variable over 500", first: "$n", variables: { n: 100000 }, got: 100000 },
      { case: "a negative variable", first: "$n", variables: { n: -1 }, got: -1 },
    ])("refuses $case on people, naming the field and the bound", async ({ first, variables, got }) => {
      const error = await refused(
        hayate,
        `query${variables ? "($n: Int)" : ""} { people(purpose: "delivery", first: ${first}) { edges { node { fullName } } } }`,
        variables,
      );
      expect(error.message).toBe(`first must be between 1 and 500; got ${got}.`);
      expect(error.extensions).toEqual({
        requestId: expect.any(String),
        code: "BAD_USER_INPUT",
        argument: "first",
        field: "Query.people",
        limit: "pageSize",
        max: 500,
      });
    });

    it("refuses a variable page size used in a fragment", async () => {
      const error = await refused(
        compliance,
        `query($n: Int) { ...Audit } fragment Audit on Query { auditEvents(first: $n) { action } }`,
        { n: 1000 },
      );
      expect(error.message).toBe("first must be between 1 and 500; got 1000.");
      expect(error.extensions?.field).toBe("Query.auditEvents");
    });

    it("refuses an oversized page of audit events instead of silently returning 500", async () => {
      const error = await refused(compliance, `{ auditEvents(first: 1000) { action } }`);
      expect(error.message).toBe("first must be between 1 and 500; got 1000.");
    });

    it("accepts 1 and 500", async () => {
      for (const first of [1, 500]) {
        const res = await gql(compliance, `query($n: Int) { auditEvents(first: $n) { action } }`, {
          n: first,
        });
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
      }
    });
  });
});
