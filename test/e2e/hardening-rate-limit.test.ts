/**
 * Rate limits over HTTP, with small limits: per API key, and per client address for failed
 * authentication (checked before the key is looked up). 429 with Retry-After and
 * RATE_LIMITED; in memory by default, shared through Redis between replicas.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { clientIp } from "../../src/hardening/client-ip.js";
import { type RateLimits, rateLimitsFromEnv } from "../../src/hardening/settings.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, recordingDb, testDb } from "../helpers.js";

const VIEWER = `{ viewer { keyId } }`;
const PEOPLE = `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`;
const BAD_KEY = "tk_nosuchkey_abcdefghijklmnopqrstuv";

const SMALL: RateLimits = {
  perKey: { points: 3, durationSeconds: 60 },
  peoplePerKey: { points: 1_000, durationSeconds: 60 },
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

/** A gateway with small limits; `send` posts a query from an address (X-Forwarded-For). */
async function gateway(rateLimits: Partial<RateLimits> = {}) {
  const recording = recordingDb(await testDb());
  const yoga = createTeikyo({ db: recording.db, clock: () => NOW, rateLimits: { ...SMALL, ...rateLimits } });
  gateways.push(yoga);
  const send = async (key: string | null, query = VIEWER, ip = "203.0.113.1", path = "/graphql") => {
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
    // GET /schema.graphql answers SDL when it is not refused.
    const body = (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : {}) as {
      data?: any;
      errors?: { message: string; extensions?: any }[];
    };
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body };
  };
  return { send, reads: recording.reads, yoga };
}

function expectRateLimited(res: Awaited<ReturnType<Awaited<ReturnType<typeof gateway>>["send"]>>) {
  expect(res.status).toBe(429);
  expect(Number(res.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  expect(res.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(res.retryAfter));
  return res.body.errors![0]!;
}

describe("rate limit per API key", () => {
  it("answers 429 with Retry-After once a key has used its requests, before any resolver runs", async () => {
    const { send, reads } = await gateway();
    const hayate = demoKey("hayate-logistics");
    for (let i = 0; i < 3; i++) expect((await send(hayate)).status).toBe(200);
    reads.length = 0;
    const error = expectRateLimited(await send(hayate, PEOPLE));
    expect(reads).toEqual([]);
    expect(error.message).toMatch(/^Rate limit exceeded: at most 3 requests per 60 s for this API key\./);
    expect(error.extensions).toMatchObject({ limit: "perKey", max: 3, windowSeconds: 60 });
    expect(Number((await send(hayate)).retryAfter)).toBeLessThanOrEqual(60);
  });

  it("counts each key on its own, whatever address it comes from", async () => {
    const { send } = await gateway();
    for (let i = 0; i < 3; i++) await send(demoKey("hayate-logistics"), VIEWER, `198.51.100.${i}`);
    expect((await send(demoKey("hayate-logistics"), VIEWER, "198.51.100.9")).status).toBe(429);
    expect((await send(demoKey("kumo-support"))).status).toBe(200);
  });

  it("counts the records export too", async () => {
    const { send } = await gateway();
    const compliance = demoKey("compliance");
    for (let i = 0; i < 3; i++) await send(compliance);
    const res = await send(compliance, VIEWER, "203.0.113.1", "/records/export.csv?person=C000001");
    expectRateLimited(res);
  });
});

describe("a key refused for a window", () => {
  it("is refused again before its next request is read, with the same answer and its request id", async () => {
    const { send, reads, yoga } = await gateway();
    const hayate = demoKey("hayate-logistics");
    for (let i = 0; i < 3; i++) await send(hayate);
    expectRateLimited(await send(hayate));
    reads.length = 0;
    // Not JSON at all: read and parsed, it would be a 400; the refusal comes first.
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hayate}` },
      body: "{ this is not json",
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.message).toMatch(
      /^Rate limit exceeded: at most 3 requests per 60 s for this API key\./,
    );
    expect(body.errors[0]!.extensions).toMatchObject({
      code: "RATE_LIMITED",
      limit: "perKey",
      max: 3,
      retryAfterSeconds: Number(res.headers.get("retry-after")),
      requestId: res.headers.get("x-request-id"),
    });
    expect(reads).toEqual([]);
    expect((await send(demoKey("kumo-support"))).status).toBe(200);
  });

  it("is recognised only by its whole key: its id with another secret is an unknown key", async () => {
    const { send } = await gateway();
    const hayate = demoKey("hayate-logistics");
    for (let i = 0; i < 4; i++) await send(hayate);
    const forged = hayate.slice(0, -1) + (hayate.endsWith("a") ? "b" : "a");
    const res = await send(forged);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("is let in again once its window has ended", async () => {
    const { send } = await gateway({ perKey: { points: 1, durationSeconds: 1 } });
    const hayate = demoKey("hayate-logistics");
    expect((await send(hayate)).status).toBe(200);
    expectRateLimited(await send(hayate));
    expectRateLimited(await send(hayate));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await send(hayate)).status).toBe(200);
  });
});

describe("rate limit on failed authentication per address", () => {
  it("refuses a bad key from an address after its failures, never a valid key from that address", async () => {
    const { send } = await gateway();
    expect((await send(BAD_KEY, VIEWER, "203.0.113.7")).status).toBe(401);
    expect((await send(BAD_KEY, VIEWER, "203.0.113.7")).status).toBe(401);
    const error = expectRateLimited(await send(BAD_KEY, VIEWER, "203.0.113.7"));
    expect(error.message).toMatch(
      /at most 2 failed authentications per 600 s from this address with this key id/,
    );
    expect(error.extensions).toMatchObject({ limit: "failedAuthPerIp", max: 2, windowSeconds: 600 });
    // A flood of bad keys from one address (one misconfigured client behind the same proxy)
    // does not lock out the valid keys coming from it, the admin key included.
    for (let i = 0; i < 5; i++) await send(`tk_flood${i}key_abcdefghijklmnopqrstuv`, VIEWER, "203.0.113.7");
    expect((await send(demoKey("hayate-logistics"), VIEWER, "203.0.113.7")).status).toBe(200);
    expect((await send(demoKey("admin"), VIEWER, "203.0.113.7")).status).toBe(200);
    expect((await send(BAD_KEY, VIEWER, "203.0.113.8")).status).toBe(401);
  });

  it("counts failures on the records export and on GraphQL together", async () => {
    const { send } = await gateway();
    expect((await send(BAD_KEY, VIEWER, "203.0.113.9", "/records/export.csv")).status).toBe(401);
    expect((await send(BAD_KEY, VIEWER, "203.0.113.9")).status).toBe(401);
    expectRateLimited(await send(BAD_KEY, VIEWER, "203.0.113.9", "/records/export.csv"));
    expectRateLimited(await send(BAD_KEY, VIEWER, "203.0.113.9"));
    expect((await send(demoKey("compliance"), VIEWER, "203.0.113.9")).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless proxies are trusted, so it cannot be used to escape", async () => {
    const { send } = await gateway({ trustedProxies: 0 });
    await send(BAD_KEY, VIEWER, "192.0.2.1");
    await send(BAD_KEY, VIEWER, "192.0.2.2");
    expectRateLimited(await send(BAD_KEY, VIEWER, "192.0.2.3"));
  });
});

describe("client address", () => {
  const request = (xff?: string) =>
    new Request("http://teikyo.test/graphql", { headers: xff ? { "x-forwarded-for": xff } : {} });
  const node = { req: { socket: { remoteAddress: "10.0.0.5" } } };

  it("is the socket address unless proxies are trusted", () => {
    expect(clientIp(request("1.2.3.4"), node, 0)).toBe("10.0.0.5");
    expect(clientIp(request(), undefined, 0)).toBe("unknown");
  });

  it("is the entry the nearest trusted proxy appended, not what the client wrote before it", () => {
    expect(clientIp(request("6.6.6.6, 203.0.113.5"), node, 1)).toBe("203.0.113.5");
    expect(clientIp(request("6.6.6.6, 203.0.113.5, 10.0.0.2"), node, 2)).toBe("203.0.113.5");
    expect(clientIp(request(), node, 1)).toBe("10.0.0.5");
  });
});

describe("settings from the environment", () => {
  it("defaults to 600 requests and 20,000 people a minute per key and 20 failures per 10 minutes per address", () => {
    expect(rateLimitsFromEnv({})).toEqual({
      perKey: { points: 600, durationSeconds: 60 },
      peoplePerKey: { points: 20_000, durationSeconds: 60 },
      concurrentPerKey: 4,
      failedAuthPerIp: { points: 20, durationSeconds: 600 },
      trustedProxies: 0,
      redisUrl: null,
      keyPrefix: "teikyo",
    });
  });

  it("reads the limits, the trusted proxies and Redis, and refuses nonsense", () => {
    const env = {
      TEIKYO_RATE_LIMIT_PER_KEY: "120",
      TEIKYO_PEOPLE_LIMIT_PER_KEY: "3000",
      TEIKYO_AUTH_FAILURES_PER_IP: "5",
      TEIKYO_TRUST_PROXY: "on",
      TEIKYO_REDIS_URL: "redis://127.0.0.1:6379",
    };
    expect(rateLimitsFromEnv(env)).toMatchObject({
      perKey: { points: 120 },
      peoplePerKey: { points: 3000 },
      failedAuthPerIp: { points: 5 },
      trustedProxies: 1,
      redisUrl: "redis://127.0.0.1:6379",
    });
    expect(rateLimitsFromEnv({ TEIKYO_TRUST_PROXY: "2" }).trustedProxies).toBe(2);
    expect(rateLimitsFromEnv({ TEIKYO_TRUST_PROXY: "off" }).trustedProxies).toBe(0);
    expect(() => rateLimitsFromEnv({ TEIKYO_RATE_LIMIT_PER_KEY: "0" })).toThrow(/at least 1/);
    expect(() => rateLimitsFromEnv({ TEIKYO_TRUST_PROXY: "maybe" })).toThrow(/TEIKYO_TRUST_PROXY/);
  });
});

const REDIS_URL = process.env.TEIKYO_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const redisUp = await redisReachable();

describe.skipIf(!redisUp)(`shared through Redis (${REDIS_URL}; skipped when unreachable)`, () => {
  it("shares the per-key and per-address counters between two replicas", async () => {
    // A fresh prefix per run: order-independent, and apart from any running gateway.
    const shared = { redisUrl: REDIS_URL, keyPrefix: `teikyo-test:${randomUUID()}` };
    onTestFinished(async () => {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${shared.keyPrefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });
    const a = await gateway(shared);
    const b = await gateway(shared);
    const hayate = demoKey("hayate-logistics");
    expect((await a.send(hayate)).status).toBe(200);
    expect((await b.send(hayate)).status).toBe(200);
    expect((await a.send(hayate)).status).toBe(200);
    expectRateLimited(await b.send(hayate));

    expect((await a.send(BAD_KEY, VIEWER, "203.0.113.20")).status).toBe(401);
    expect((await b.send(BAD_KEY, VIEWER, "203.0.113.20")).status).toBe(401);
    expectRateLimited(await a.send(BAD_KEY, VIEWER, "203.0.113.20"));
    expect((await b.send(demoKey("kumo-support"), VIEWER, "203.0.113.20")).status).toBe(200);
  });
});

describe("when Redis is unreachable", () => {
  it("still limits, counting in each replica's memory", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const { send } = await gateway({
        redisUrl: "redis://127.0.0.1:1",
        keyPrefix: `teikyo-test:${randomUUID()}`,
      });
      const hayate = demoKey("hayate-logistics");
      for (let i = 0; i < 3; i++) expect((await send(hayate)).status).toBe(200);
      expectRateLimited(await send(hayate));
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Redis unreachable .*counting in memory/));
    } finally {
      warn.mockRestore();
    }
  });
});

describe("keyless requests per address", () => {
  const NOTICE = `{ publicNotice { title } }`;
  const limitOf = (res: { body: { errors?: { extensions?: any }[] } }) =>
    res.body.errors?.[0]?.extensions?.limit;

  it("gives an address without a key a key's budget of requests, the SDL included", async () => {
    const { send } = await gateway();
    expect((await send(null, NOTICE, "203.0.113.30")).status).toBe(200);
    expect((await send(null, NOTICE, "203.0.113.30", "/schema.graphql")).status).toBe(200);
    expect((await send(null, NOTICE, "203.0.113.30")).status).toBe(200);
    const limited = await send(null, NOTICE, "203.0.113.30");
    expectRateLimited(limited);
    expect(limitOf(limited)).toBe("perAddress");
    expect((await send(null, NOTICE, "203.0.113.31")).status).toBe(200);
    // A key from the same address has its own budget.
    expect((await send(demoKey("hayate-logistics"), VIEWER, "203.0.113.30")).status).toBe(200);
  });

  it("counts keyless operations outside the public schema as failed authentications", async () => {
    const { send } = await gateway();
    expect((await send(null, VIEWER, "203.0.113.40")).status).toBe(401);
    expect(
      (await send(null, `{ people(purpose: "delivery") { edges { cursor } } }`, "203.0.113.40")).status,
    ).toBe(401);
    // Locked out, public notice included, before the text is read; other addresses are not.
    const locked = await send(null, NOTICE, "203.0.113.40");
    expectRateLimited(locked);
    expect(limitOf(locked)).toBe("failedAuthPerIp");
    expect((await send(null, NOTICE, "203.0.113.41")).status).toBe(200);
  });
});
