/**
 * Fuzzing the gateway's HTTP surface: malformed and hostile methods, bodies, content types,
 * headers and keys (test/slow/fuzz-harness.ts has the generators and the oracle), the
 * oracle's own check, and the issues the fuzz found.
 */
import { describe, expect, it } from "vitest";
import { testDb } from "../helpers.js";
import { eventsAfter, lastEventSeq, postJson, rawGateway } from "../robustness-helpers.js";
import {
  expectHealthy,
  fuzzSession,
  keyOf,
  problemsOf,
  requestArb,
  runs,
  SEED,
  type Sent,
} from "./fuzz-harness.js";

describe("fuzzing the gateway", () => {
  const fuzz = fuzzSession();

  it("the oracle passes an answer with its record, and flags it without: data and event missing", async () => {
    const doc = { query: `{ person(purpose: "delivery", id: "C000650") { id fullName phone } }` };
    const sent: Sent = {
      path: "/graphql",
      init: {},
      requestText: JSON.stringify(doc),
      intended: [doc],
      kind: "partner",
    };
    const before = await lastEventSeq(fuzz.db);
    const res = await fuzz.send("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keyOf("hayate-logistics")}` },
      body: JSON.stringify(doc),
    });
    expect(res.status).toBe(200);
    // With the request's real event it passes; without, it names both failures.
    expect(problemsOf(sent, res, await eventsAfter(fuzz.db, before), fuzz.find)).toEqual([]);
    const problems = problemsOf(sent, res, [], fuzz.find);
    expect(problems).toContainEqual(
      expect.stringMatching(/^records: response has \[person:1\], events written \[\]/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/personal data of C000650/));
  });

  it("answers hostile requests (methods, bodies, content types, headers, keys) cleanly, recording every person sent", async () => {
    await fuzz.check("requests", requestArb, runs(400), SEED + 1);
  }, 120_000);

  it("is still healthy afterwards: no prototype pollution, the chain verifies, a normal query works", async () => {
    await expectHealthy(fuzz.db, fuzz.send);
  });
});

describe("issues the fuzz found, fixed", () => {
  it("refuses an unacceptable Accept before executing, so no provision is recorded for an answer never sent", async () => {
    const db = await testDb();
    const send = rawGateway(db);
    // text/html is GraphiQL's, for GET: a POST accepting only HTML is refused too.
    for (const accept of ["image/png", "text/html"]) {
      const before = await lastEventSeq(db);
      const res = await send("/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept,
          authorization: `Bearer ${keyOf("hayate-logistics")}`,
        },
        body: JSON.stringify({ query: `{ person(purpose: "delivery", id: "C000670") { id fullName } }` }),
      });
      expect({ status: res.status, body: res.text, events: await eventsAfter(db, before) }).toEqual({
        status: 406,
        body: "",
        events: [],
      });
    }
  });

  // PostgreSQL text cannot hold U+0000: any NUL in a query or its variables is refused first.
  it("answers a NUL character in a staff field's argument with a clean error", async () => {
    const send = rawGateway(await testDb());
    const res = await send(
      "/graphql",
      postJson(keyOf("compliance"), {
        query: `{ privacyState(personId: "C000700\\u0000") { consents { id } } }`,
      }),
    );
    expect(res.text).not.toMatch(/Unexpected error|INTERNAL_SERVER_ERROR/);
  });

  it("answers an unknown path with a plain 404, not yoga's HTML landing page", async () => {
    const send = rawGateway(await testDb());
    const res = await send("/nope", { headers: { accept: "text/html" } });
    expect({ status: res.status, html: /html/.test(res.contentType) }).toEqual({ status: 404, html: false });
  });
});
