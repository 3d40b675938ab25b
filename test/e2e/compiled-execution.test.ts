/**
 * Queries run compiled (graphql-jit), and a compiled query belongs to one schema: partners
 * with different scoped schemas sending the same text each get their own schema's answer or
 * refusal. The execution span says which executor ran and whether the query compiled then
 * or came from the cache; a mutation still runs on graphql-js.
 */
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { parse } from "graphql";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compilable } from "../../src/plugins/use-compiled-execution.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeEach(() => exporter.reset());

type Body = {
  data?: { people?: { edges: { node: Record<string, unknown> }[] } } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

// One document for every partner: the purpose comes as a variable.
const CONTACTS = `query Contacts($purpose: String!) {
  people(purpose: $purpose, first: 2) { edges { node { id fullName phone postalCode } } }
}`;
const EMAILS = `query Emails($purpose: String!) {
  people(purpose: $purpose, first: 2) { edges { node { id email } } }
}`;

describe("compiled execution", () => {
  let post: (
    who: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{
    status: number;
    body: Body;
  }>;

  beforeAll(async () => {
    // One gateway for every request: its compiled queries are shared between them.
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW, tracerProvider: provider });
    post = async (who, query, variables) => {
      const res = await yoga.fetch("http://teikyo.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${demoKey(who)}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as Body };
    };
  });

  /** The attributes of the one execution span named `name` since the last reset. */
  const execution = (name: string) => {
    const spans = exporter.getFinishedSpans().filter((s) => s.name === name);
    expect(spans, name).toHaveLength(1);
    return spans[0]!.attributes;
  };

  it("compiles a query once per partner schema and reuses it, each partner getting its own answer", async () => {
    const hayate = await post("hayate-logistics", CONTACTS, { purpose: "delivery" });
    expect(hayate.status).toBe(200);
    expect(hayate.body.errors).toBeUndefined();
    expect(hayate.body.data?.people?.edges).toHaveLength(2);
    expect(Object.keys(hayate.body.data!.people!.edges[0]!.node).sort()).toEqual(
      ["fullName", "id", "phone", "postalCode"].sort(),
    );
    expect(execution("query.Contacts")).toMatchObject({
      "teikyo.execution": "jit",
      "teikyo.jit.cache": "miss",
    });

    exporter.reset();
    const again = await post("hayate-logistics", CONTACTS, { purpose: "delivery" });
    expect(again.body).toEqual(hayate.body);
    expect(execution("query.Contacts")).toMatchObject({
      "teikyo.execution": "jit",
      "teikyo.jit.cache": "hit",
    });

    // The same text from another partner compiles again, against that partner's schema.
    exporter.reset();
    const next = await post("minato-next", CONTACTS, { purpose: "business_succession" });
    expect(next.status).toBe(200);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.people?.edges).toHaveLength(2);
    expect(execution("query.Contacts")).toMatchObject({
      "teikyo.execution": "jit",
      "teikyo.jit.cache": "miss",
    });
  });

  it("refuses a partner whose schema lacks a field of a query compiled for another partner", async () => {
    const next = await post("minato-next", EMAILS, { purpose: "business_succession" });
    expect(next.status).toBe(200);
    expect(next.body.data?.people?.edges[0]?.node.email).toEqual(expect.stringMatching(/@/));
    expect(execution("query.Emails")).toMatchObject({ "teikyo.execution": "jit" });

    exporter.reset();
    const hayate = await post("hayate-logistics", EMAILS, { purpose: "delivery" });
    expect(hayate.status).toBe(403);
    expect(hayate.body.data ?? null).toBeNull();
    expect(hayate.body.errors?.[0]?.extensions).toMatchObject({
      code: "PROVISION_DENIED",
      purpose: "delivery",
      dataItem: "email",
      basis: "ENTRUSTEE",
    });
    // Refused before execution: nothing compiled or ran for it.
    expect(exporter.getFinishedSpans().filter((s) => s.name === "query.Emails")).toEqual([]);

    // And the other way round: compiled for hayate first, refused to tokai-direct (no phone).
    exporter.reset();
    const tokai = await post("tokai-direct", CONTACTS, { purpose: "mailing_list" });
    expect(tokai.status).toBe(403);
    expect(tokai.body.data ?? null).toBeNull();
    expect(tokai.body.errors?.[0]?.extensions).toMatchObject({ code: "PROVISION_DENIED" });
  });

  it("answers invalid variables from graphql-js, with its messages", async () => {
    const res = await post(
      "hayate-logistics",
      `query Page($n: Int!) { people(purpose: "delivery", first: $n) { edges { node { id } } } }`,
      { n: "two" },
    );
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.map((e) => e.message)).toEqual([
      `Variable "$n" got invalid value "two"; Int cannot represent non-integer value: "two"`,
    ]);
    expect(execution("query.Page")).toMatchObject({ "teikyo.execution": "graphql-js" });
  });

  it("runs a mutation on graphql-js", async () => {
    // A mutation that fails in its resolver (no such recipient): it executes, and writes nothing.
    const res = await post(
      "admin",
      `mutation Touch { setRecipientScope(recipientId: "no-such-recipient", purpose: "delivery", items: ["full_name"]) { id } }`,
    );
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(execution("mutation.Touch")).toMatchObject({ "teikyo.execution": "graphql-js" });
    expect(execution("mutation.Touch")["teikyo.jit.cache"]).toBeUndefined();
  });
});

describe("which operations compile", () => {
  it("compiles queries with @include and @skip only", () => {
    expect(compilable(parse(`{ a }`))).toBe(true);
    expect(compilable(parse(`query Q($x: Boolean!) { a @include(if: $x) b @skip(if: $x) }`))).toBe(true);
    expect(compilable(parse(`{ a @custom }`))).toBe(false);
    expect(compilable(parse(`fragment F on Q { a @custom } query { ...F }`))).toBe(false);
    expect(compilable(parse(`mutation { a }`))).toBe(false);
    expect(compilable(parse(`subscription { a }`))).toBe(false);
    expect(compilable(parse(`query A { a } mutation B { b }`), "A")).toBe(true);
    expect(compilable(parse(`query A { a } mutation B { b }`), "B")).toBe(false);
  });
});
