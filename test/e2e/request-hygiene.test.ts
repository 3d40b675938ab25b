/**
 * Input no database can store is refused as the caller's mistake (400), not a 500: a lone
 * surrogate in a variable or a string literal. Answers that can carry personal data are
 * marked Cache-Control: no-store.
 */
import { describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");

describe("request hygiene", () => {
  it("refuses ill-formed UTF-16 in variables with 400 naming why; in a literal it is a syntax error", async () => {
    const gql = await client();
    const variable = await gql(
      hayate,
      `query($p: String) { people(purpose: "delivery", first: 1, filter: { prefecture: $p }) { edges { node { fullName } } } }`,
      { p: "東京\ud800" },
    );
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "ILL_FORMED_UTF16",
    });
    const literal = await gql(
      hayate,
      `{ people(purpose: "delivery", first: 1, filter: { prefecture: "\\ud800" }) { edges { node { fullName } } } }`,
    );
    // In a literal, GraphQL's own lexer refuses it as a syntax error (before anything runs).
    expect(literal.body.data ?? null).toBeNull();
    expect(literal.body.errors?.[0]?.message).toMatch(/Invalid Unicode escape sequence/);
    // A well-formed pair (an emoji) is fine.
    const pair = await gql(
      hayate,
      `query($p: String) { people(purpose: "delivery", first: 1, filter: { prefecture: $p }) { edges { node { fullName } } } }`,
      { p: "東京😀" },
    );
    expect(pair.status).toBe(200);
  });

  it("marks answers Cache-Control: no-store", async () => {
    const yoga = createTeikyo({ db: await testDb(), clock: () => NOW });
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hayate}` },
      body: JSON.stringify({
        query: `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`,
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const exported = await yoga.fetch("http://teikyo.test/records/export.csv?person=C000001", {
      headers: { authorization: `Bearer ${demoKey("compliance")}` },
    });
    expect(exported.headers.get("cache-control")).toBe("no-store");
  });
});
