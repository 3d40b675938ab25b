/**
 * The console's static serving: the page and hashed assets with a strict CSP, a clear 503 when
 * it was never built, no path outside the build directory, and no method but GET and HEAD.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSchema, createYoga } from "graphql-yoga";
import { afterAll, describe, expect, it } from "vitest";
import { useConsole } from "../../src/plugins/use-console.js";

const schema = createSchema({ typeDefs: "type Query { ok: Boolean }" });
const base = mkdtempSync(join(tmpdir(), "teikyo-console-"));
const dist = join(base, "dist");
mkdirSync(join(dist, "assets"), { recursive: true });
writeFileSync(join(dist, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log(1)");
writeFileSync(join(base, "secret.txt"), "not to be served");
afterAll(() => rmSync(base, { recursive: true, force: true }));

const gateway = (dir: string) =>
  createYoga({ schema, plugins: [useConsole({ dist: dir })], landingPage: false });
const get = (path: string, init: RequestInit = {}) =>
  gateway(dist).fetch(new URL(`http://teikyo.test${path}`), init);

describe("console serving", () => {
  it("serves the page with a strict Content-Security-Policy, revalidated", async () => {
    const res = await get("/console/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'; script-src 'self';/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain("<title>console</title>");
  });

  it("redirects /console to /console/ and answers the app's own paths with the page", async () => {
    const res = await get("/console");
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/console/");
    expect(await (await get("/console/records")).text()).toContain("<title>console</title>");
  });

  it("serves hashed assets for a year", async () => {
    const res = await get("/console/assets/index-abc123.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect((await get("/console/assets/missing.js")).status).toBe(404);
  });

  it("serves nothing outside the build", async () => {
    for (const path of [
      "/console/assets/../../secret.txt",
      "/console/assets/%2e%2e/%2e%2e/secret.txt",
      "/console/..%2Fsecret.txt",
    ]) {
      const res = await get(path);
      expect(await res.text()).not.toContain("not to be served");
    }
  });

  it("refuses other methods and says how to build a missing console", async () => {
    expect((await get("/console/", { method: "POST" })).status).toBe(405);
    const res = await gateway(join(dist, "nope")).fetch(new URL("http://teikyo.test/console/"));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run console:build");
  });

  it("leaves other paths to the gateway", async () => {
    expect((await get("/consoles")).status).toBe(404);
  });
});
