/**
 * OpenTelemetry traces through HTTP: a partner query gives a request span, GraphQL phase
 * spans and Teikyo's scope decision, people read and record write, named and nested as an
 * operator expects, carrying recipient and purpose codes but never personal data, a key,
 * a variable or an error message. Without a provider nothing is traced.
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { SpanStatusCode } from "@opentelemetry/api";
import { beforeEach, describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
beforeEach(() => exporter.reset());

async function post(key: string, query: string, variables?: Record<string, unknown>) {
  const yoga = createTeikyo({ db: await testDb(), clock: () => NOW, tracerProvider: provider });
  return yoga.fetch("http://teikyo.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
}

const named = (spans: ReadableSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Everything a span exports besides timings: its name, attributes, events and status. */
const exported = (spans: ReadableSpan[]) =>
  JSON.stringify(spans.map((s) => ({ n: s.name, a: s.attributes, e: s.events, st: s.status })));

const DELIVERY = `query Delivery($n: Int!, $pref: String) {
  people(purpose: "delivery", first: $n, filter: { prefecture: $pref }) {
    edges { node { id fullName postalCode address phone } }
  }
}`;

describe("traces", () => {
  it("a partner query gives request, phase and Teikyo spans, nested, with codes and counts only", async () => {
    const key = demoKey("hayate-logistics");
    const res = await post(key, DELIVERY, { n: 3, pref: "東京都" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { people: { edges: { node: Record<string, string | null> }[] } };
    };
    const people = body.data.people.edges.map((e) => e.node);
    expect(people).toHaveLength(3);

    const spans = exporter.getFinishedSpans();
    const request = named(spans, "POST /graphql");
    const parse = named(spans, "graphql.parse");
    const validate = named(spans, "graphql.validate");
    const execute = named(spans, "query.Delivery");
    const scope = named(spans, "teikyo.scope_decision");
    const read = named(spans, "teikyo.people_read");
    const record = named(spans, "teikyo.record_write");

    // One trace; phases and the record write under the request, Teikyo's reads under execution.
    for (const span of spans) expect(span.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(parentOf(request)).toBeUndefined();
    const requestId = request.spanContext().spanId;
    for (const span of [parse, validate, execute, record]) expect(parentOf(span)).toBe(requestId);
    expect(parentOf(scope)).toBe(execute.spanContext().spanId);
    expect(parentOf(read)).toBe(execute.spanContext().spanId);

    expect(request.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/graphql",
      "http.response.status_code": 200,
      "teikyo.request_id": res.headers.get("x-request-id"),
      "teikyo.role": "PARTNER",
      "teikyo.recipient": "hayate-logistics",
    });
    expect(execute.attributes).toMatchObject({
      "graphql.execute.operationName": "Delivery",
      "graphql.execute.operationType": "query",
    });
    expect(execute.attributes["graphql.execute.document"]).toBeUndefined();
    expect(execute.attributes["graphql.execute.variables"]).toBeUndefined();
    expect(scope.attributes).toEqual({
      "teikyo.role": "PARTNER",
      "teikyo.recipient": "hayate-logistics",
      "teikyo.provision_fields": 1,
      "teikyo.scope.allowed": true,
      "teikyo.purposes": ["delivery"],
      "teikyo.scope.refusals": [],
    });
    expect(read.attributes).toMatchObject({
      "teikyo.recipient": "hayate-logistics",
      "teikyo.purpose": "delivery",
      "teikyo.people.limit": 4,
      // The look-ahead row for hasNextPage is read and passes the rule; it is not provided.
      "teikyo.people.read": 4,
      "teikyo.people.included": 4,
    });
    expect(record.attributes).toEqual({
      "teikyo.recipient": "hayate-logistics",
      "teikyo.purposes": ["delivery"],
      "teikyo.record.events": 1,
      "teikyo.record.people": 3,
    });

    // No personal data, no key, no variable value.
    const text = exported(spans);
    for (const person of people)
      for (const value of Object.values(person)) if (value) expect(text).not.toContain(value);
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.split(".")[0]);
    expect(text).not.toContain("東京都");
  });

  it("a scope refusal is traced by its codes; the messages and what the client wrote stay out", async () => {
    const res = await post(
      demoKey("hayate-logistics"),
      `query Q { people(purpose: "delivery") { edges { node { email } } } a: person(purpose: "山田太郎 secret", id: "C000001") { fullName } }`,
    );
    expect(res.status).toBe(403);
    const spans = exporter.getFinishedSpans();
    const request = named(spans, "POST /graphql");
    expect(request.attributes["http.response.status_code"]).toBe(403);
    // A partner's out-of-scope operation is decided in validation, against its own schema.
    const scope = named(spans, "teikyo.scope_decision");
    expect(parentOf(scope)).toBe(request.spanContext().spanId);
    expect(scope.attributes).toEqual({
      "teikyo.role": "PARTNER",
      "teikyo.recipient": "hayate-logistics",
      "teikyo.scope.allowed": false,
      "teikyo.purposes": ["delivery"],
      "teikyo.scope.refusals": ["ITEM_OUTSIDE_PURPOSE", "UNKNOWN_PURPOSE"],
    });
    expect(named(spans, "graphql.validate").status.code).toBe(SpanStatusCode.ERROR);
    const names = spans.map((s) => s.name);
    for (const none of ["query.Q", "teikyo.people_read", "teikyo.record_write"])
      expect(names).not.toContain(none);
    const text = exported(spans);
    for (const secret of ["山田太郎", "C000001", "email", "Hayate", "ハヤテ"])
      expect(text).not.toContain(secret);
  });

  it("an execution error keeps only its code on the execution span", async () => {
    const res = await post(
      demoKey("hayate-logistics"),
      `query Big($n: Int) { people(purpose: "delivery", first: $n) { edges { node { fullName } } } }`,
      { n: 123457 },
    );
    expect(res.status).toBe(400);
    const spans = exporter.getFinishedSpans();
    const execute = named(spans, "query.Big");
    expect(execute.status.code).toBe(SpanStatusCode.ERROR);
    expect(execute.attributes["graphql.error_codes"]).toBe("BAD_USER_INPUT");
    expect(execute.events).toEqual([]);
    const text = exported(spans);
    expect(text).not.toContain("123457");
    expect(text).not.toContain("first must be");
  });

  it("traces nothing without a provider", async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${demoKey("hayate-logistics")}` },
      body: JSON.stringify({ query: DELIVERY, variables: { n: 1 } }),
    });
    expect(res.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
