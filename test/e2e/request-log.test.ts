/**
 * Logs an operator can use and a partner's complaint can be traced by: one JSON access line
 * per request (time, request id, key id, operation name, status, duration) without
 * variables, keys or personal data; the same request id in the `x-request-id` header,
 * in every error, and in the provision records.
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

async function gateway() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
  const yoga = createTeikyo({ db: await testDb(), clock: () => NOW, log });
  const post = (key: string | null, body: object) =>
    yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  return { lines, post };
}

describe("request ids and the access log", () => {
  it("logs one line per request with its id, and the records carry the id the client got", async () => {
    const { lines, post } = await gateway();
    const hayate = demoKey("hayate-logistics");
    const res = await post(hayate, {
      query: `query Deliveries($n: Int) { people(purpose: "delivery", first: $n) { edges { node { fullName phone } } } }`,
      variables: { n: 2 },
      operationName: "Deliveries",
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const access = lines.filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: "info",
      requestId,
      keyId: "demohayate",
      operationName: "Deliveries",
      status: 200,
      path: "/graphql",
    });
    expect(typeof access[0]!.time).toBe("string");
    expect(typeof access[0]!.durationMs).toBe("number");
    // Never the key, the variables or the data that left.
    const logged = JSON.stringify(lines);
    const names = [...body.matchAll(/"fullName":"([^"]+)"/g)].map((m) => m[1]!);
    expect(names.length).toBe(2);
    for (const secret of [hayate, ...names, '"n"']) expect(logged).not.toContain(secret);

    const db = await testDb();
    const events = await db.provisionEvent.findMany({ where: { requestId: requestId! } });
    expect(events).toHaveLength(1);
  });

  it("puts the request id in every error and logs refused requests too", async () => {
    const { lines, post } = await gateway();
    const res = await post(null, { query: "{ viewer { role } }" });
    expect(res.status).toBe(401);
    const requestId = res.headers.get("x-request-id");
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions.requestId).toBe(requestId);
    expect(lines.filter((l) => l.msg === "request")).toEqual([
      expect.objectContaining({ requestId, status: 401 }),
    ]);

    // A validation error (cached by yoga) gets each request's own id.
    const key = demoKey("hayate-logistics");
    const a = await post(key, { query: "{ nope }" });
    const b = await post(key, { query: "{ nope }" });
    const idOf = async (r: Response) =>
      ((await r.json()) as { errors: { extensions: { requestId: string } }[] }).errors[0]!.extensions
        .requestId;
    expect(await idOf(a)).toBe(a.headers.get("x-request-id"));
    expect(await idOf(b)).toBe(b.headers.get("x-request-id"));
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });
});
