/**
 * The gateway fuzzer shared by test/slow/fuzz-documents.test.ts and fuzz-requests.test.ts
 * (two files so the slow project runs them on both workers): generators of hostile
 * requests (fast-check, fixed seed) and the oracle that judges each answer. Whatever
 * arrives, the answer is a 4xx or a clean GraphQL response (never a 5xx but the documented
 * 503, never a stack trace or an HTML error page), and no personal data leaves without its
 * provision record: each root field that returned people has exactly one new event, for
 * that many people, and every customer whose identifying data the response carries is in one.
 *
 * Reproduce or widen a run (both files: the path filter is a prefix):
 *   TEIKYO_FUZZ_SEED=<seed> TEIKYO_FUZZ_RUNS=<factor> npx vitest run test/slow/fuzz-
 * (TEIKYO_FUZZ_DEBUG=1 prints each request and answer).
 */
import fc from "fast-check";
import { type DocumentNode, Kind, parse, type SelectionSetNode } from "graphql";
import { afterAll, beforeAll, expect } from "vitest";
import type { Db } from "../../src/db/client.js";
import { DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import { DEMO_RECIPIENTS } from "../../src/demo/recipients.js";
import { encodeCursor, peopleCursorBinding } from "../../src/modules/people/cursor.js";
import { ORDER_FIELDS, PERSON_FIELDS } from "../../src/modules/people/person-items.js";
import { verifyChain } from "../../src/modules/records/verify-chain.js";
import { testDb } from "../helpers.js";
import {
  customerIdsIn,
  eventsAfter,
  lastEventSeq,
  personalDataFinder,
  type RawResponse,
  rawGateway,
  type WrittenEvent,
} from "../robustness-helpers.js";

export const SEED = Number(process.env.TEIKYO_FUZZ_SEED ?? 20261123);
const FACTOR = Number(process.env.TEIKYO_FUZZ_RUNS ?? 1);
export const runs = (n: number) => Math.max(1, Math.round(n * FACTOR));

// ---------------------------------------------------------------------------------------
// Helpers for weights: most of each request is ordinary, so that each hostile part meets
// the layers behind the ones that would refuse the others.

/** `arb` in `weight` of `of` cases, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, weight: number, of = 10): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: of - weight, arbitrary: fc.constant(null) }, { weight, arbitrary: arb });
/** `usual` in most cases, `odd` in `weight` of `of`. */
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>, weight = 1, of = 10): fc.Arbitrary<T> =>
  fc.oneof({ weight: of - weight, arbitrary: usual }, { weight, arbitrary: odd });

// ---------------------------------------------------------------------------------------
// Who asks. Internal roles may legitimately see customer numbers (records, eligibility), so
// the personal-data check applies to partner keys and to requests without a valid key.

type Caller = "partner" | "internal" | "none";
interface Who {
  authorization: string | null;
  kind: Caller;
  /** The partner's recipient, whose purposes and items the documents mostly use. */
  recipient: string | null;
}

export const keyOf = (recipientOrRole: string) =>
  demoKeyString(
    DEMO_KEYS.find(
      (k) =>
        k.recipientId === recipientOrRole ||
        (k.recipientId === null && k.role === recipientOrRole.toUpperCase()),
    )!,
  );

/** Header values are visible ASCII, as an HTTP parser would have them. */
const ascii = (maxLength: number) =>
  fc.string({ unit: "binary-ascii", maxLength }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));

const PARTNERS = DEMO_RECIPIENTS.map((r) => r.id).filter((id) => DEMO_KEYS.some((k) => k.recipientId === id));

const principal: fc.Arbitrary<Who & { key: string }> = mostly<Who & { key: string }>(
  fc
    .constantFrom(...PARTNERS)
    .map((r) => ({ key: keyOf(r), authorization: null, kind: "partner" as const, recipient: r })),
  fc
    .constantFrom("compliance", "admin", "analytics")
    .map((r) => ({ key: keyOf(r), authorization: null, kind: "internal" as const, recipient: null })),
);

const MANGLE: ((k: string) => string)[] = [
  (k) => `bearer ${k}`,
  (k) => `Bearer    ${k}   `,
  (k) => `Bearer ${k}x`,
  (k) => `Bearer ${k.slice(0, -3)}`,
  (k) => `Bearer ${k.replace(/_/g, "")}`,
  (k) => `Bearer ${k} ${k}`,
  (k) => `Bearer ${k},Bearer ${k}`,
  (k) => `Basic ${Buffer.from(`${k}:`).toString("base64")}`,
  (k) => `Token ${k}`,
  (k) => k,
  (k) => `Bearer ${k.toUpperCase()}`,
];

const badAuthorization: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "Bearer",
    "Bearer ",
    "Bearer tk__",
    "Bearer tk_demohayate_",
    "Bearer tk_demohayate_DemoOnly-HayateLogistic",
    "Bearer tk_nosuchkey_DemoOnly-HayateLogistics",
    "Bearer tk_../../etc/passwd_x",
    "Bearer tk_%00_%00",
    "Bearer null",
    "Bearer __proto__",
    "Bearer tk___proto___constructor",
    "Bearer tk_constructor_prototype",
  ),
  ascii(80),
  ascii(40).map((s) => `Bearer ${s}`),
  ascii(40).map((s) => `Bearer tk_${s}_${s}`),
  // Oversized: far beyond any key, up to what a proxy might let through.
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => `Bearer tk_${"A".repeat(n)}_${"B".repeat(20)}`),
);

const whoArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 14, arbitrary: principal.map((p) => ({ ...p, authorization: `Bearer ${p.key}` })) },
  {
    weight: 3,
    // A mangled key may still be accepted (the scheme is case-insensitive): it keeps its kind.
    arbitrary: fc
      .tuple(principal, fc.constantFrom(...MANGLE))
      .map(([p, mangle]) => ({ ...p, authorization: mangle(p.key) })),
  },
  {
    weight: 3,
    arbitrary: badAuthorization.map((authorization) => ({
      authorization,
      kind: "none" as const,
      recipient: null,
    })),
  },
  { weight: 1, arbitrary: fc.constant({ authorization: null, kind: "none" as const, recipient: null }) },
);

// ---------------------------------------------------------------------------------------
// GraphQL documents: mostly well-formed queries in the caller's scope with hostile parts,
// then sometimes corrupted. Customers come from C000600 up, away from those whose records
// other test files read by page.

const HIGH = { min: 600, max: 998 };
const customer = (n: number) => `C${String(n).padStart(6, "0")}`;
const PURPOSES = [...new Set(DEMO_RECIPIENTS.flatMap((r) => Object.keys(r.scopes))), "billing", "statistics"];
const SCOPES = new Map(DEMO_RECIPIENTS.map((r) => [r.id, r.scopes]));
const PERSON_FIELD_OF = new Map<string, string>(PERSON_FIELDS.map((f) => [f.item, f.field]));
const ORDER_FIELD_OF = new Map<string, string>(ORDER_FIELDS.map((f) => [f.item, f.field]));

/** The Person selections that ask for exactly these items. */
function fieldsFor(items: readonly string[]): string[] {
  const fields = items.flatMap((i) => PERSON_FIELD_OF.get(i) ?? []);
  const orderFields = items.flatMap((i) => ORDER_FIELD_OF.get(i) ?? []);
  if (items.includes("order_history"))
    fields.push(orderFields.length ? `orders { ${orderFields.join(" ")} }` : "orders { __typename }");
  return fields;
}
const ALL_FIELDS = fieldsFor(
  [...PERSON_FIELDS, ...ORDER_FIELDS].map((f): string => f.item).concat("order_history"),
);
const JUNK_FIELDS = [
  "ssn",
  "password",
  "orders",
  "__typename",
  "fullName(x: 1)",
  "id @skip(if: true)",
  "email @include(if: false)",
  "id @deprecated",
  "orders { nope }",
  "... on Order { product }",
  "...Missing",
  "__schema { types { name } }",
];

interface Value {
  /** The argument as written in the document, or a variable standing for a value. */
  literal?: string;
  variable?: { type: string; value: unknown };
}
const lit = (literal: string): Value => ({ literal });
const gqlString = (s: string) => JSON.stringify(s);

/** Values built to break things when they arrive as variables. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    -0,
    "x".repeat(20_000),
    "\u0000",
    "\ud800",
    [],
    {},
    null,
    JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse('{"prefecture":"東京都","__proto__":{"prefecture":"x","polluted":"yes"}}'),
    JSON.parse('[{"__proto__":{"polluted":"yes"}}]'),
  ),
  fc.array(fc.constant(1), { minLength: 1000, maxLength: 3000 }),
);

const VARIABLE_TYPES = [
  "Int",
  "Int!",
  "String",
  "String!",
  "ID",
  "ID!",
  "Boolean",
  "[Int]",
  "PersonFilter",
  "Nope",
];
const MISFITS = ['"3"', "3.5", "true", "null", "[1]", "{ a: 1 }", "2147483648", "-1", "0", "ENUM", '""'];

/** An argument: a fitting literal; rarely a misfit, a variable, or a variable of a wrong type. */
function argArb(
  fitting: fc.Arbitrary<string>,
  type: string,
  fittingValue: fc.Arbitrary<unknown>,
): fc.Arbitrary<Value> {
  const variable = (t: string, value: unknown): Value => ({ variable: { type: t, value } });
  return fc.oneof(
    { weight: 40, arbitrary: fitting.map(lit) },
    { weight: 1, arbitrary: fc.constantFrom(...MISFITS).map(lit) },
    { weight: 3, arbitrary: fittingValue.map((value) => variable(type, value)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(type, ...VARIABLE_TYPES), hostileJson)
        .map(([t, value]) => variable(t, value)),
    },
  );
}

function purposeArg(own: string[]) {
  const usual = own.length ? fc.constantFrom(...own) : fc.constantFrom(...PURPOSES);
  const odd = fc.oneof(
    fc.constantFrom(...PURPOSES),
    fc.constantFrom("", "unknown", "__proto__", "constructor", "DELIVERY", "delivery ", "toString"),
    fc.string({ maxLength: 12 }),
  );
  return argArb(mostly(usual.map(gqlString), odd.map(gqlString), 1, 8), "String!", mostly(usual, odd));
}

const idArg = argArb(
  mostly(
    fc.integer(HIGH).map((n) => gqlString(customer(n))),
    fc.oneof(
      fc.constantFrom('"C1"', '""', '"\' OR 1=1 --"', '"C000700\\u0000"', '"c000700"', '"C001000"', "700"),
      fc.string({ maxLength: 12 }).map(gqlString),
    ),
  ),
  "ID!",
  fc.integer(HIGH).map(customer),
);

const firstArg = argArb(fc.integer({ min: 1, max: 4 }).map(String), "Int", fc.integer({ min: -2, max: 6 }));

/**
 * Cursors of customers from C000600 on, bound as the gateway binds them: to a key and a
 * purpose. Drawn for the caller and the purpose the field asks for, so paging is exercised;
 * sometimes for another key or purpose, which the gateway must refuse.
 */
const CURSOR_POSITIONS = Array.from({ length: 40 }, (_, i) => customer(HIGH.min + i * 10));
const cursorFor = (binding: string) =>
  fc.nat(1000).map((i) => encodeCursor(CURSOR_POSITIONS[i % CURSOR_POSITIONS.length]!, binding));
/** The purpose a `purpose` argument carries, when it is a string. */
const purposeOf = (value: Value | null): string => {
  const raw = value?.literal !== undefined ? safeJson(value.literal) : value?.variable?.value;
  return typeof raw === "string" ? raw : "";
};
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
function afterArg(keyId: string, purpose: string) {
  const aCursor = mostly(
    cursorFor(peopleCursorBinding(keyId, purpose)),
    fc
      .tuple(fc.constantFrom(...DEMO_KEYS.map((k) => k.id)), fc.constantFrom(...PURPOSES))
      .chain(([key, other]) => cursorFor(peopleCursorBinding(key, other))),
  );
  return argArb(
    mostly(
      aCursor.map(gqlString),
      fc.oneof(
        fc.constantFrom('"Z"', '"===="', `"${"A".repeat(2000)}"`),
        fc.string({ maxLength: 40 }).map(gqlString),
        // A real cursor with a changed character: the authentication tag must catch it.
        fc.tuple(aCursor, fc.nat(60)).map(([c, at]) => {
          const pos = at % c.length;
          return gqlString(c.slice(0, pos) + (c[pos] === "A" ? "B" : "A") + c.slice(pos + 1));
        }),
        // Cursors that decrypt to odd positions: after everyone, SQL text, C000999.
        fc
          .constantFrom("Z", "' OR 1=1 --", "C000999")
          .map((id) => gqlString(encodeCursor(id, peopleCursorBinding(keyId, purpose)))),
      ),
      2,
    ),
    "String",
    aCursor,
  );
}

const filterArg = argArb(
  fc.constantFrom(
    '{ prefecture: "東京都" }',
    '{ membershipTier: "gold" }',
    "{}",
    '{ prefecture: "x\\u0000" }',
  ),
  "PersonFilter",
  fc.constantFrom<unknown>({ prefecture: "東京都" }, { membershipTier: "silver" }, { unknown: 1 }),
);

const alias = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((a) => !a.startsWith("__"));

/** A Person selection: mostly fields of the scope, some aliased, rarely deep in inline fragments. */
function personSelection(scopeFields: string[]) {
  const fields = mostly(
    fc.subarray(scopeFields.length ? scopeFields : ALL_FIELDS, { minLength: 1 }),
    fc.uniqueArray(fc.constantFrom(...ALL_FIELDS, ...JUNK_FIELDS), { minLength: 1, maxLength: 5 }),
    2,
  );
  return fc
    .record({
      fields,
      aliases: fc.array(sometimes(alias, 2), { minLength: 20, maxLength: 20 }),
      wrap: mostly(fc.constant(0), fc.nat(14)),
    })
    .map(({ fields, aliases, wrap }) => {
      // Fragments take no alias: that would only be a syntax error, which the edits below make.
      const inner = fields
        .map((f, i) => (aliases[i] && !f.startsWith("...") ? `${aliases[i]}: ${f}` : f))
        .join(" ");
      return `${"... on Person { ".repeat(wrap)}${inner}${" }".repeat(wrap)}`;
    });
}

/** A root field's text; `index` > 0 gets an alias if it has none, so roots do not merge or conflict. */
type Render = (v: (value: Value) => string, index: number) => string;

const aliasOf = (alias: string | null, index: number) =>
  alias ? `${alias}: ` : index > 0 ? `r${index}: ` : "";

function args(parts: [string, Value | null][], v: (value: Value) => string): string {
  const present = parts.filter(([, value]) => value !== null) as [string, Value][];
  return present.length ? `(${present.map(([n, value]) => `${n}: ${v(value)}`).join(", ")})` : "";
}

function peopleRoot(keyId: string, own: string[], scopeFields: string[]): fc.Arbitrary<Render> {
  return mostly(purposeArg(own), fc.constant(null), 1, 30).chain((purpose) =>
    peopleRootFor(keyId, purpose, scopeFields),
  );
}

function peopleRootFor(keyId: string, purpose: Value | null, scopeFields: string[]): fc.Arbitrary<Render> {
  const binding = peopleCursorBinding(keyId, purposeOf(purpose));
  return fc
    .record({
      alias: sometimes(alias, 3),
      purpose: fc.constant(purpose),
      first: mostly(firstArg, fc.constant(null), 1, 10),
      after: mostly(afterArg(keyId, purposeOf(purpose)), fc.constant(null), 1, 10),
      filter: sometimes(filterArg, 1),
      node: personSelection(scopeFields),
      cursor: fc.boolean(),
      pageInfo: fc.boolean(),
    })
    .map((r): Render => {
      // Without `first`, a page is 50 people from the start, many of whom other files count
      // records of: such a page starts after a cursor.
      const after =
        r.first === null && r.after?.literal === undefined
          ? lit(gqlString(encodeCursor(CURSOR_POSITIONS[0]!, binding)))
          : r.after;
      return (v, index) =>
        `${aliasOf(r.alias, index)}people${args(
          [
            ["purpose", r.purpose],
            ["first", r.first],
            ["after", after],
            ["filter", r.filter],
          ],
          v,
        )} { edges { ${r.cursor ? "cursor " : ""}node { ${r.node} } } ${r.pageInfo ? "pageInfo { hasNextPage endCursor }" : ""} }`;
    });
}

function personRoot(own: string[], scopeFields: string[]): fc.Arbitrary<Render> {
  return fc
    .record({
      alias: sometimes(alias, 3),
      purpose: mostly(purposeArg(own), fc.constant(null), 1, 30),
      id: mostly(idArg, fc.constant(null), 1, 30),
      node: personSelection(scopeFields),
    })
    .map(
      (r): Render =>
        (v, index) =>
          `${aliasOf(r.alias, index)}person${args(
            [
              ["purpose", r.purpose],
              ["id", r.id],
            ],
            v,
          )} { ${r.node} }`,
    );
}

const otherRoot: fc.Arbitrary<Render> = fc
  .constantFrom(
    "viewer { role label recipient { name legalBasis scopes { purpose items } } }",
    "myProvisions(first: 2) { nodes { purpose items personCount } }",
    "__typename",
    "__schema { types { name } }",
    '__type(name: "Person") { fields { name } }',
    "provisionRecords(first: 1) { nodes { id people { personId } } }",
    'privacyState(personId: "C000700") { consents { id } }',
    "dataItems { code }",
    "users { id }",
    "people",
    "person { id }",
    'person(purpose: "delivery", id: "C000700")',
    "viewer { ... on Query { __typename } }",
  )
  .map(
    (s): Render =>
      () =>
        s,
  );

/** Many aliases of one field: past the alias limit, or just under it. */
const aliasFlood: fc.Arbitrary<Render> = fc
  .tuple(
    fc.integer({ min: 2, max: 60 }),
    fc.constantFrom("viewer { role }", "__typename", "person"),
    fc.constantFrom(...PURPOSES),
  )
  .map(
    ([n, field, purpose]): Render =>
      () =>
        Array.from({ length: n }, (_, i) =>
          field === "person"
            ? `p${i}: person(purpose: "${purpose}", id: "${customer(700 + i)}") { id }`
            : `a${i}: ${field}`,
        ).join(" "),
  );

interface GeneratedRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const CYCLE = "fragment F on Person { id ...G } fragment G on Person { id ...F }";

const keyIdOf = (recipient: string | null) => DEMO_KEYS.find((k) => k.recipientId === recipient)?.id ?? "-";

function documentFor(recipient: string | null): fc.Arbitrary<GeneratedRequest> {
  const scopes = (recipient && SCOPES.get(recipient)) || {};
  const own = Object.keys(scopes);
  const scopeFields = fieldsFor(Object.values(scopes).flat());
  return fc
    .record({
      roots: fc.array(
        fc.oneof(
          { weight: 8, arbitrary: peopleRoot(keyIdOf(recipient), own, scopeFields) },
          { weight: 8, arbitrary: personRoot(own, scopeFields) },
          { weight: 2, arbitrary: otherRoot },
          { weight: 1, arbitrary: aliasFlood },
        ),
        { minLength: 1, maxLength: 3, size: "xsmall" },
      ),
      operation: mostly(
        fc.constantFrom("query", "shorthand"),
        fc.constantFrom("mutation", "subscription"),
        1,
        15,
      ),
      name: sometimes(alias, 3),
      operationName: sometimes(fc.constantFrom("Other", "", "__proto__", "constructor"), 1, 15),
      second: sometimes(fc.constant(true), 1),
      cycle: sometimes(fc.constant(true), 1, 20),
      extraVariables: sometimes(fc.dictionary(alias, hostileJson, { maxKeys: 3 }), 1),
    })
    .map((d) => {
      const definitions: string[] = [];
      const variables: Record<string, unknown> = {};
      const v = (value: Value): string => {
        if (value.literal !== undefined) return value.literal;
        const name = `v${definitions.length}`;
        definitions.push(`$${name}: ${value.variable!.type}`);
        variables[name] = value.variable!.value;
        return `$${name}`;
      };
      let selection = d.roots.map((render, i) => render(v, i)).join(" ");
      if (d.cycle) selection += ` person(purpose: "delivery", id: "C000700") { ...F }`;
      // A second operation makes the operation name matter; the first then needs a name.
      const name = d.name ?? (d.second ? "First" : null);
      const keyword = d.operation === "shorthand" ? "query" : d.operation;
      const header =
        d.operation === "shorthand" && !definitions.length && !name
          ? ""
          : `${keyword}${name ? ` ${name}` : ""}${definitions.length ? `(${definitions.join(", ")})` : ""} `;
      let query = `${header}{ ${selection} }`;
      if (d.cycle) query += ` ${CYCLE}`;
      if (d.second) query += " query Other { viewer { role } }";
      const operationName = d.operationName ?? (d.second ? name : null);
      return {
        query,
        ...(definitions.length || d.extraVariables
          ? { variables: { ...d.extraVariables, ...variables } }
          : {}),
        ...(operationName !== null ? { operationName } : {}),
      };
    });
}

const EDITS = ["{", "}", "(", ")", ":", "$", '"', "...", "@", "#", "\\", "\u0000", "", "!", "[", "]", "\n"];

/** The document as sent: mostly intact, else truncated, edited at random, or noise. */
function hostileDocument(recipient: string | null): fc.Arbitrary<GeneratedRequest> {
  const doc = documentFor(recipient);
  // Unbiased: fast-check favours 0 and 1, which would cut almost every document to nothing.
  const cut = fc.noBias(fc.double({ min: 0, max: 1, noNaN: true }));
  return fc.oneof(
    { weight: 24, arbitrary: doc },
    {
      weight: 2,
      arbitrary: fc
        .tuple(doc, cut)
        .map(([d, at]) => ({ ...d, query: d.query.slice(0, Math.floor(d.query.length * at)) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(doc, fc.array(fc.tuple(cut, fc.constantFrom(...EDITS)), { minLength: 1, maxLength: 3 }))
        .map(([d, edits]) => {
          let query = d.query;
          for (const [at, insert] of edits) {
            const i = Math.floor(query.length * at);
            query = query.slice(0, i) + insert + query.slice(i + 1);
          }
          return { ...d, query };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: "binary", maxLength: 200 }),
          fc.constantFrom(
            "",
            " ",
            "{",
            "}",
            "{}",
            "query",
            "{ __proto__ }",
            "{ constructor { prototype } }",
            `{ ${"{".repeat(5000)} }`,
            `{ people(purpose: "delivery", first: 1) { edges { node { ${"orders { ".repeat(200)}product${" }".repeat(200)} } } } }`,
            `{ viewer { ${"... on Viewer { ".repeat(3000)}role${" }".repeat(3000)} } }`,
            "# only a comment",
            '"""block string"""',
          ),
        )
        .map((query) => ({ query })),
    },
  );
}

// ---------------------------------------------------------------------------------------
// Transport: method, path, content type, body encoding, Accept, unknown headers.

export interface Sent {
  path: string;
  init: RequestInit;
  /** What the client put in the request, for telling an echo from a leak. */
  requestText: string;
  /** The GraphQL requests as intended (before any corruption of the body). */
  intended: GeneratedRequest[];
  kind: Caller;
}

const ACCEPTS = [
  "application/graphql-response+json, application/json;q=0.9",
  "text/event-stream",
  "multipart/mixed",
  "text/html",
  "*/*",
  "image/png",
  "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
];
const CONTENT_TYPES = [
  "application/json; charset=latin1",
  "application/graphql",
  "application/graphql+json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "text/plain",
  "application/xml",
  "",
];

const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    fc.constantFrom(
      "x-forwarded-for",
      "x-request-id",
      "x-api-key",
      "cookie",
      "origin",
      "content-length",
      "graphql-preflight",
      "apollo-require-preflight",
      "x-teikyo-purpose",
    ),
  ),
  fc.oneof(
    ascii(40),
    fc.integer({ min: 100, max: 20_000 }).map((n) => "x".repeat(n)),
  ),
  { minKeys: 1, maxKeys: 3 },
);

type Encoding =
  | "json"
  | "batch"
  | "badJson"
  | "noise"
  | "urlencoded"
  | "graphql"
  | "multipart"
  | "empty"
  | "wrongTypes"
  | "huge";

export const requestArb: fc.Arbitrary<Sent> = whoArb.chain((who) =>
  fc
    .record({
      docs: fc.array(hostileDocument(who.recipient), { minLength: 1, maxLength: 3, size: "xsmall" }),
      method: mostly(
        fc.constantFrom("POST", "GET"),
        fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        1,
        8,
      ),
      path: mostly(
        fc.constant("/graphql"),
        fc.constantFrom(
          "/",
          "/graphql/",
          "/GRAPHQL",
          "/graphql;x",
          "/graphql/../graphql",
          "/%2e%2e/graphql",
          "/records/export.csv",
          "/records/export.json?person=C000700",
          "/records/export.csv?from=yesterday",
          "/records/export.xml",
          "/health",
          "/nope",
        ),
        1,
      ),
      encoding: mostly(
        fc.constant<Encoding>("json"),
        fc.constantFrom<Encoding>(
          "batch",
          "badJson",
          "noise",
          "urlencoded",
          "graphql",
          "multipart",
          "empty",
          "wrongTypes",
          "huge",
        ),
        4,
      ),
      contentType: sometimes(fc.constantFrom(...CONTENT_TYPES), 1),
      accept: sometimes(fc.constantFrom(...ACCEPTS), 3),
      headers: sometimes(extraHeaders, 2),
      noise: fc.string({ unit: "binary", maxLength: 300 }),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
      wrong: fc.record({
        query: hostileJson,
        variables: hostileJson,
        operationName: hostileJson,
        extensions: hostileJson,
      }),
    })
    .map((r): Sent => {
      const doc = r.docs[0]!;
      const headers: Record<string, string> = { ...r.headers };
      if (r.accept) headers.accept = r.accept;
      if (who.authorization !== null) headers.authorization = who.authorization;
      if (r.method === "GET" || r.method === "HEAD") {
        const params = new URLSearchParams({ query: doc.query });
        if (doc.variables) params.set("variables", JSON.stringify(doc.variables));
        if (doc.operationName !== undefined) params.set("operationName", doc.operationName);
        const search = r.encoding === "noise" ? encodeURIComponent(r.noise) : params.toString();
        const path = `${r.path}${r.path.includes("?") ? "&" : "?"}${search}`;
        return {
          path,
          init: { method: r.method, headers },
          requestText: path,
          intended: [doc],
          kind: who.kind,
        };
      }
      const json = JSON.stringify(doc);
      let body: string;
      let type = "application/json";
      switch (r.encoding) {
        case "json":
          body = json;
          break;
        case "batch":
          body = JSON.stringify(r.docs);
          break;
        case "badJson":
          body = json.slice(0, Math.floor(json.length * r.cut)) + (r.cut > 0.5 ? "" : ",}");
          break;
        case "noise":
          body = r.noise;
          break;
        case "urlencoded":
          body = new URLSearchParams({ query: doc.query }).toString();
          type = "application/x-www-form-urlencoded";
          break;
        case "graphql":
          body = doc.query;
          type = "application/graphql";
          break;
        case "multipart":
          body = [
            `--xyz\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${json}`,
            `--xyz\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}`,
            `--xyz\r\nContent-Disposition: form-data; name="0"; filename="a.txt"\r\n\r\n${r.noise}`,
            "--xyz--",
          ].join("\r\n");
          type = "multipart/form-data; boundary=xyz";
          break;
        case "empty":
          body = "";
          break;
        case "wrongTypes":
          body = JSON.stringify(r.wrong);
          break;
        case "huge":
          // Over the 100 KiB body limit.
          body = JSON.stringify({ ...doc, variables: { ...doc.variables, pad: "x".repeat(110_000) } });
          break;
      }
      headers["content-type"] = r.contentType ?? type;
      return {
        path: r.path,
        init: { method: r.method, headers, body },
        requestText: body + r.path,
        intended: r.encoding === "batch" ? r.docs : [doc],
        kind: who.kind,
      };
    }),
);

/** GraphQL documents as a partner's client would post them: valid JSON, a real key. */
export const documentRequestArb: fc.Arbitrary<Sent> = principal.chain((who) =>
  hostileDocument(who.recipient).map((doc): Sent => {
    const body = JSON.stringify(doc);
    return {
      path: "/graphql",
      init: {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${who.key}` },
        body,
      },
      requestText: body,
      intended: [doc],
      kind: who.kind,
    };
  }),
);

// ---------------------------------------------------------------------------------------
// The oracle.

/** Top-level response keys of people and person fields in the operation that would run. */
function provisionKeys(doc: GeneratedRequest): Map<string, "people" | "person"> {
  const keys = new Map<string, "people" | "person">();
  let document: DocumentNode;
  try {
    document = parse(doc.query);
  } catch {
    return keys;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = doc.operationName
    ? operations.find((o) => o.name?.value === doc.operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return keys;
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD && (s.name.value === "people" || s.name.value === "person"))
        keys.set(s.alias?.value ?? s.name.value, s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return keys;
}

/** The GraphQL results a response carries: one, a batch, or the events of a stream. */
function payloads(res: RawResponse): { data?: unknown; errors?: unknown }[] {
  const asResults = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((x) => x && typeof x === "object");
  if (res.json !== undefined) return asResults(res.json) as { data?: unknown }[];
  const found: { data?: unknown }[] = [];
  for (const match of res.text.matchAll(/^(?:data: )?(\{.*\})\s*$/gm)) {
    try {
      found.push(...(asResults(JSON.parse(match[1]!)) as { data?: unknown }[]));
    } catch {
      // not a JSON line
    }
  }
  return found;
}

/** Whether a value holds any datum: a non-null leaf (an empty order list holds none). */
function hasDatum(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasDatum);
  if (typeof value === "object") return Object.values(value).some(hasDatum);
  return true;
}

/**
 * How many people a root field's value carries and must be recorded (art. 29): a person
 * looked up by customer number (the lookup itself uses customer_id), or the rows of a
 * page's edges whose node holds at least one datum (a cursor beside it is no personal datum).
 */
function peopleIn(kind: "people" | "person", value: unknown): number {
  if (value == null || typeof value !== "object") return 0;
  if (kind === "person") return 1;
  const list = Object.values(value).find((v) => Array.isArray(v)) as unknown[] | undefined;
  return (list ?? []).filter(
    (edge) =>
      edge !== null &&
      typeof edge === "object" &&
      Object.values(edge).some((v) => v !== null && typeof v === "object" && hasDatum(v)),
  ).length;
}

type Finder = Awaited<ReturnType<typeof personalDataFinder>>;

const pathname = (path: string) => new URL(path, "http://teikyo.test").pathname;

export function problemsOf(sent: Sent, res: RawResponse, events: WrittenEvent[], find: Finder): string[] {
  const problems: string[] = [];
  const results = payloads(res);
  const codes = results.flatMap((r) =>
    Array.isArray(r.errors)
      ? r.errors.map((e: { extensions?: { code?: unknown } }) => e?.extensions?.code)
      : [],
  );

  // Status: 2xx or 4xx; a 5xx only as the documented 503 for a failed record write.
  const recordFailure =
    res.status === 503 && codes.length > 0 && codes.every((c) => c === "PROVISION_RECORD_FAILED");
  if ((res.status >= 500 && !recordFailure) || res.status < 200 || (res.status >= 300 && res.status < 400))
    problems.push(`status ${res.status}`);

  // Form: JSON for GraphQL answers and errors; HTML only as GraphiQL for a browser's GET.
  if (/html/.test(res.contentType)) {
    const graphiql =
      res.status === 200 &&
      sent.init.method === "GET" &&
      /^\/graphql\/?$/.test(pathname(sent.path)) &&
      res.text.includes("<title>Teikyo</title>");
    if (!graphiql) problems.push(`HTML answer (${res.status})`);
  } else if (res.status >= 400 && res.text !== "") {
    // A refusal is empty (yoga's 406 for an unacceptable Accept) or GraphQL errors.
    if (results.length === 0 || !results.every((r) => Array.isArray(r.errors) && r.errors.length > 0))
      problems.push(
        `status ${res.status} without GraphQL errors: ${res.contentType} ${res.text.slice(0, 200)}`,
      );
  }
  if (/json/.test(res.contentType) && res.text !== "" && res.json === undefined)
    problems.push("invalid JSON");
  for (const r of results) {
    if (
      r.errors !== undefined &&
      !(Array.isArray(r.errors) && r.errors.every((e) => typeof e?.message === "string"))
    )
      problems.push("malformed errors");
  }

  // Cleanliness: no stack, no source paths, no database internals (unless the client wrote
  // them and an error quotes them), no masked crash.
  if (/\n\s+at |node_modules|\/src\/[\w/-]+\.[jt]s|\.ts:\d+|file:\/\/|"stack"/.test(res.text))
    problems.push("stack trace or path");
  const internals =
    /prisma|sqlite|postgres/i.exec(res.text) ??
    /\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b/.exec(res.text);
  if (internals && !sent.requestText.toLowerCase().includes(internals[0].toLowerCase()))
    problems.push(`database internals ("${internals[0]}")`);
  if (codes.includes("INTERNAL_SERVER_ERROR") || /Unexpected error/.test(res.text))
    problems.push("an unexpected (masked) error: something threw that should have been a clean error");

  // Records: each root field that returned people has exactly one new event, for that many
  // people (ids it shows among them); no event for anything else.
  const expected: string[] = [];
  const idsByKey = new Map<string, Set<string>>();
  results.forEach((r, i) => {
    const data = r.data;
    if (!data || typeof data !== "object") return;
    const doc = sent.intended[i] ?? sent.intended[0];
    if (!doc) return;
    for (const [key, kind] of provisionKeys(doc)) {
      const value = (data as Record<string, unknown>)[key];
      const n = peopleIn(kind, value);
      if (n > 0) {
        expected.push(`${key}:${n}`);
        idsByKey.set(key, customerIdsIn(value, idsByKey.get(key)));
      }
    }
  });
  const written = events.map((e) => `${e.rootField}:${e.personIds.length}`);
  if (JSON.stringify([...expected].sort()) !== JSON.stringify([...written].sort()))
    problems.push(`records: response has [${expected.join(", ")}], events written [${written.join(", ")}]`);
  for (const e of events) {
    const shown = idsByKey.get(e.rootField) ?? new Set();
    const missing = [...shown].filter((id) => !e.personIds.includes(id));
    if (missing.length) problems.push(`${e.rootField} shows ${missing.join(", ")} without a record`);
  }

  // Whatever the shape: every customer identifiable in the answer is in a new record.
  if (sent.kind !== "internal") {
    const recorded = new Set(events.flatMap((e) => e.personIds));
    for (const { value, people } of find(res.text, sent.requestText)) {
      if (![...people].some((p) => recorded.has(p)))
        problems.push(
          `personal data of ${[...people].join("/")} (${value.slice(0, 3)}…) left without a record`,
        );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------

/**
 * A fuzzing session over this file's database copy, set up and summed up by the calling
 * describe block's hooks. `check` sends `numRuns` generated requests and fails with the
 * seed and the problems of the first bad answer.
 */
export function fuzzSession() {
  const session = {
    db: undefined as unknown as Db,
    send: undefined as unknown as ReturnType<typeof rawGateway>,
    find: undefined as unknown as Finder,
    check,
  };
  const statuses = new Map<number, number>();
  let withData = 0;
  let seenSeq = 0n;

  beforeAll(async () => {
    session.db = await testDb();
    session.send = rawGateway(session.db);
    session.find = await personalDataFinder(session.db);
  });

  afterAll(() => {
    const count = <K>(m: Map<K, number>) => [...m].map(([k, n]) => `${String(k)}×${n}`).join(" ");
    console.info(`fuzz: statuses ${count(new Map([...statuses].sort()))}; answers with people ${withData}`);
  });

  /** Sends one generated request and returns what is wrong with the answer (nothing, we hope). */
  async function probe(sent: Sent): Promise<string[]> {
    const res = await session.send(sent.path, sent.init);
    // Each fuzz file runs alone on its database copy, in order: every event after the last
    // one seen is this request's.
    const events = await eventsAfter(session.db, seenSeq);
    seenSeq = events.at(-1)?.seq ?? seenSeq;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (events.length) withData++;
    if (process.env.TEIKYO_FUZZ_DEBUG)
      console.log(
        JSON.stringify(sent.intended[0]?.query).slice(0, 300),
        "=>",
        res.status,
        res.text.slice(0, 300),
      );
    return problemsOf(sent, res, events, session.find);
  }

  async function check(name: string, arb: fc.Arbitrary<Sent>, numRuns: number, seed: number) {
    seenSeq = await lastEventSeq(session.db);
    try {
      await fc.assert(
        fc.asyncProperty(arb, async (sent) => {
          const problems = await probe(sent);
          if (problems.length) throw new Error(problems.join("\n"));
        }),
        { seed, numRuns, includeErrorInReport: true },
      );
    } catch (error) {
      throw new Error(
        `${name} failed (seed ${seed}; rerun: TEIKYO_FUZZ_SEED=${seed}):\n${(error as Error).message}`,
      );
    }
  }

  return session;
}

/** After fuzzing: no prototype pollution, the chain verifies, a normal query works. */
export async function expectHealthy(db: Db, send: ReturnType<typeof rawGateway>) {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect((await verifyChain(db)).problems).toEqual([]);
  const res = await send("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keyOf("hayate-logistics")}` },
    body: JSON.stringify({ query: `{ person(purpose: "delivery", id: "C000660") { id } }` }),
  });
  expect(res.json).toEqual({ data: { person: { id: "C000660" } } });
}
