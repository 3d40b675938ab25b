/**
 * Partners see exactly their API: introspection and GET /schema.graphql answer each partner
 * key with the schema cut to its scope (compared here with the demo scope table for every
 * demo recipient), internal roles keep the full schema, a scope change shows at once, and an
 * operation outside the scope fails validation with the scope rule's own error.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import { DEMO_PURPOSES } from "../../src/demo/purposes.js";
import { DEMO_RECIPIENTS } from "../../src/demo/recipients.js";
import { CLI_ACTOR } from "../../src/modules/audit/audit.js";
import { createKey } from "../../src/modules/keys/key-admin.js";
import { ORDER_FIELDS, ORDER_HISTORY_ITEM, PERSON_FIELDS } from "../../src/modules/people/person-items.js";
import { schema as fullSchema } from "../../src/schema.js";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, recordingDb, testDb } from "../helpers.js";

type Gql = Awaited<ReturnType<typeof client>>;

/** What the scope table says a recipient's schema holds. */
function expectedFromTable(recipientId: string) {
  const recipient = DEMO_RECIPIENTS.find((r) => r.id === recipientId);
  if (!recipient) throw new Error(recipientId);
  const purposes = new Map<string, string[]>();
  // A legal-exception recipient (art. 27(1)) receives through compliance, never by its own key.
  const viaKey = recipient.legalBasis === "LEGAL_EXCEPTION" ? {} : recipient.scopes;
  for (const [purpose, items] of Object.entries(viaKey)) {
    const announced = DEMO_PURPOSES.find((p) => p.code === purpose)?.items ?? [];
    const allowed = items.filter((i) => announced.includes(i));
    if (allowed.length > 0) purposes.set(purpose, allowed);
  }
  const items = new Set([...purposes.values()].flat());
  const order = items.has(ORDER_HISTORY_ITEM) ? ORDER_FIELDS.filter((f) => items.has(f.item)) : [];
  const person: string[] = PERSON_FIELDS.filter((f) => items.has(f.item)).map((f) => f.field);
  if (order.length > 0) person.push("orders");
  const root = ["dataItems", "myProvisions", "publicNotice", "purposes", "viewer"];
  if (purposes.size > 0 && person.length > 0) {
    root.push("people");
    if (items.has("customer_id")) root.push("person");
  }
  return {
    purposes: [...purposes.keys()].sort(),
    person: person.sort(),
    order: order.map((f) => f.field).sort(),
    root: root.sort(),
    byItem: (item: string) => [...purposes].filter(([, its]) => its.includes(item)).map(([p]) => p),
  };
}

const partnerKeys = DEMO_KEYS.filter((k) => k.role === "PARTNER" && k.recipientId);
/** Demo recipients without a demo key (the legal-exception one): the test issues one. */
const keyless = DEMO_RECIPIENTS.filter((r) => !partnerKeys.some((k) => k.recipientId === r.id));

async function introspect(gql: Gql, key: string) {
  const res = await gql(key, getIntrospectionQuery({ descriptions: true }));
  expect(res.body.errors).toBeUndefined();
  return buildClientSchema(res.body.data as unknown as IntrospectionQuery);
}

describe("partner schemas", () => {
  let gql: Gql;
  let yoga: ReturnType<typeof createTeikyo>;

  beforeAll(async () => {
    gql = await client();
    yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
  });

  const sdl = (key: string | null) =>
    yoga.fetch("http://teikyo.test/schema.graphql", {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });

  it.each<[string, string | null]>([
    ...partnerKeys.map((k): [string, string] => [k.recipientId as string, demoKeyString(k)]),
    ...keyless.map((r): [string, null] => [r.id, null]),
  ])(
    "shows %s exactly the fields, root fields and purposes of its scope table",
    async (recipientId, demo) => {
      const key =
        demo ??
        (
          await createKey(await testDb(), CLI_ACTOR, {
            role: "PARTNER",
            recipientId,
            label: `test schema of ${recipientId}`,
          })
        ).key;
      const expected = expectedFromTable(recipientId);
      const schema = await introspect(gql, key);
      const fieldsOf = (type: string) => {
        const t = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
        return t?.getFields ? Object.keys(t.getFields()).sort() : [];
      };
      expect(fieldsOf("Query")).toEqual(expected.root);
      expect(schema.getMutationType()).toBeNull();
      expect(fieldsOf("Person")).toEqual(expected.root.includes("people") ? expected.person : []);
      expect(fieldsOf("Order")).toEqual(expected.root.includes("people") ? expected.order : []);
      const purposes = schema.getType("ProvisionPurpose") as
        { getValues?: () => { name: string }[] } | undefined;
      expect(
        purposes
          ?.getValues?.()
          .map((v) => v.name)
          .sort() ?? [],
      ).toEqual(expected.root.includes("people") ? expected.purposes : []);
      // Each field says which purposes allow it.
      const person = schema.getType("Person") as {
        getFields?: () => Record<string, { description?: string | null }>;
      };
      for (const f of PERSON_FIELDS.filter((f) => expected.person.includes(f.field)))
        expect(person.getFields?.()[f.field]?.description).toContain(
          `Data item \`${f.item}\`. Allowed for purposes: ${expected.byItem(f.item).join(", ")}.`,
        );
      // No name of another role's operation or type.
      const printed = printSchema(schema);
      for (const name of [
        "provisionRecords",
        "auditEvents",
        "createRecipient",
        "statistics",
        "AuditEvent",
        "Mutation",
      ])
        expect(printed).not.toMatch(new RegExp(`\\b${name}\\b`));
      // GET /schema.graphql answers the same schema as SDL.
      const response = await sdl(key);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      if (expected.root.includes("people")) expect(text).toContain("enum ProvisionPurpose");
      else expect(text).not.toMatch(/\b(ProvisionPurpose|Person)\b/);
      expect(text).not.toMatch(/\bprovisionRecords\b/);
      for (const field of expected.person) expect(text).toContain(`  ${field}`);
    },
  );

  it("keeps the full schema for internal roles, and answers only the public schema without a key", async () => {
    for (const role of ["admin", "compliance", "analytics"]) {
      const schema = await introspect(gql, demoKey(role));
      expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toContain("provisionRecords");
      expect(
        Object.keys(
          schema.getType("Person")
            ? (schema.getType("Person") as never as { getFields: () => object }).getFields()
            : {},
        ),
      ).toContain("medicalNote");
      const response = await sdl(demoKey(role));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`${printSchema(fullSchemaSorted())}\n`);
    }
    // Without a key: the public schema (0053; test/e2e/public-schema.test.ts); a bad key is still a 401.
    const anonymous = await sdl(null);
    expect(anonymous.status).toBe(200);
    const publicSdl = await anonymous.text();
    expect(publicSdl).toContain("publicNotice");
    expect(publicSdl).not.toMatch(/\b(people|Person|Mutation|provisionRecords)\b/);
    expect((await sdl("tk_nosuchkey_abcdefghijklmnopqrstuv")).status).toBe(401);
  });

  describe("a scope change", () => {
    const admin = demoKey("admin");
    const hayate = demoKey("hayate-logistics");
    const setScope = (items: string[]) =>
      gql(
        admin,
        `mutation($items: [String!]!) { setRecipientScope(recipientId: "hayate-logistics", purpose: "delivery", items: $items) { id } }`,
        { items },
      );
    const original = DEMO_RECIPIENTS.find((r) => r.id === "hayate-logistics")?.scopes.delivery ?? [];
    afterAll(async () => {
      expect((await setScope(original)).body.errors).toBeUndefined();
    });

    it("changes the partner's schema at once, both ways", async () => {
      const fields = async () =>
        (await gql(hayate, `{ __type(name: "Person") { fields { name } } }`)).body.data?.__type.fields.map(
          (f: { name: string }) => f.name,
        );
      expect(await fields()).toContain("phone");
      expect((await setScope(original.filter((i) => i !== "phone"))).body.errors).toBeUndefined();
      expect(await fields()).not.toContain("phone");
      expect(await (await sdl(hayate)).text()).not.toMatch(/\bphone\b/);
      expect((await setScope(original)).body.errors).toBeUndefined();
      expect(await fields()).toContain("phone");
    });
  });

  describe("validation against the partner's schema", () => {
    const hayate = demoKey("hayate-logistics");

    it("refuses a field out of scope with the scope rule's error and article, reading nothing", async () => {
      const { db, reads } = recordingDb(await testDb());
      const own = await client({ db });
      const res = await own(hayate, `{ people(purpose: delivery) { edges { node { fullName email } } } }`);
      expect(res.status).toBe(403);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        code: "PROVISION_DENIED",
        reason: "ITEM_OUTSIDE_PURPOSE",
        rule: "APPI art. 18(1)",
        purpose: "delivery",
        dataItem: "email",
        field: "people.edges.node.email (Person.email)",
      });
      expect(reads).toEqual([]);
    });

    it("refuses an item of the purpose outside the contract with the basis article", async () => {
      const res = await gql(hayate, `{ people(purpose: delivery) { edges { node { fullNameKana } } } }`);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({
        reason: "ITEM_NOT_IN_SCOPE",
        rule: "APPI art. 27(5)(i)",
        dataItem: "full_name_kana",
      });
    });

    it("takes the purpose as its enum, as a string literal and as a String or enum variable", async () => {
      const node = `{ edges { node { fullName } } }`;
      for (const [query, variables] of [
        [`{ people(purpose: delivery, first: 1) ${node} }`, undefined],
        [`{ people(purpose: "delivery", first: 1) ${node} }`, undefined],
        [`query($p: ProvisionPurpose!) { people(purpose: $p, first: 1) ${node} }`, { p: "delivery" }],
        [`query($p: String!) { people(purpose: $p, first: 1) ${node} }`, { p: "delivery" }],
      ] as const) {
        const res = await gql(hayate, query, variables);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data?.people.edges).toHaveLength(1);
      }
    });

    it("refuses another recipient's purpose, as literal or variable, with the contract article", async () => {
      for (const [query, variables] of [
        [`{ people(purpose: marketing) { edges { node { fullName } } } }`, undefined],
        [
          `query($p: ProvisionPurpose!) { people(purpose: $p) { edges { node { fullName } } } }`,
          { p: "marketing" },
        ],
      ] as const) {
        const res = await gql(hayate, query, variables);
        expect(res.status).toBe(403);
        expect(res.body.errors?.[0]?.extensions).toMatchObject({
          code: "PROVISION_DENIED",
          reason: "PURPOSE_NOT_PERMITTED",
          rule: "APPI art. 27(5)(i)",
        });
      }
      const unknown = await gql(hayate, `{ people(purpose: nosuchpurpose) { edges { node { fullName } } } }`);
      expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
        reason: "UNKNOWN_PURPOSE",
        rule: "APPI art. 17(1)",
      });
    });

    it("names another role's operation as forbidden, without listing the schema", async () => {
      const res = await gql(hayate, `{ recipients { id } }`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(res.body.errors?.[0]?.message).toBe(`The partner role may not use "Query.recipients".`);
    });

    it("still answers a plain mistake with the validation error, without suggestions", async () => {
      const res = await gql(hayate, `{ people(purpose: delivery) { edges { node { fullNam } } } }`);
      expect(res.body.errors?.[0]?.message).toBe(`Cannot query field "fullNam" on type "Person".`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    });
  });
});

const fullSchemaSorted = () => lexicographicSortSchema(fullSchema);
