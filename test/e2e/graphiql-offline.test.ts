/**
 * GraphiQL offline: the page the gateway serves references no other host (every script,
 * style sheet and icon is same-origin, and its Content-Security-Policy allows no other),
 * each asset it references is served, and it tells GraphiQL not to persist headers, with a
 * note in Japanese and English. (The browser check of storage and scoped docs is in
 * test/slow/graphiql-browser.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { createTeikyo } from "../../src/yoga.js";
import { NOW, testDb } from "../helpers.js";

const ORIGIN = "http://teikyo.test";

async function gateway() {
  return createTeikyo({ db: await testDb(), clock: () => NOW });
}

const page = async (yoga: Awaited<ReturnType<typeof gateway>>) => {
  const res = await yoga.fetch(`${ORIGIN}/graphql`, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  return { res, html: await res.text() };
};

/** Every URL the HTML loads: src and href attributes, and url(...) in its inline style. */
const referencedUrls = (html: string) => [
  ...[...html.matchAll(/\s(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!),
  ...[...html.matchAll(/url\(\s*["']?([^"')]+)/gi)].map((m) => m[1]!),
];

describe("GraphiQL offline", () => {
  it("references only same-origin assets, and each is served", async () => {
    const yoga = await gateway();
    const { res, html } = await page(yoga);
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expect(new URL(url, ORIGIN).origin, url).toBe(ORIGIN);
    expect(html).not.toMatch(/(unpkg|jsdelivr|cdnjs|esm\.sh|googleapis)/i);
    // No executable inline script: options travel as JSON data.
    for (const [, attrs] of html.matchAll(/<script([^>]*)>/gi))
      expect(attrs).toMatch(/\bsrc=|application\/json/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);

    for (const url of urls) {
      const asset = await yoga.fetch(new URL(url, ORIGIN).href);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
    const unknown = await yoga.fetch(
      new URL(urls.find((u) => u.endsWith(".js"))!.replace(/[^/]+$/, "x.js"), ORIGIN),
    );
    expect(unknown.status).toBe(404);
  });

  it("the bundle's scripts load nothing from another host either", async () => {
    const yoga = await gateway();
    const { html } = await page(yoga);
    const scripts = referencedUrls(html).filter((u) => u.endsWith(".js"));
    const environment = await (await yoga.fetch(new URL(scripts[0]!, ORIGIN))).text();
    // Monaco's workers come from the gateway too.
    expect(environment).toContain("getWorkerUrl");
    expect(environment).not.toMatch(/https?:\/\//);
  });

  it("never persists headers, and says so in Japanese and English", async () => {
    const { html } = await page(await gateway());
    const options = JSON.parse(
      /<script type="application\/json" id="graphiql-options">([^<]*)</.exec(html)![1]!,
    );
    expect(options.shouldPersistHeaders).toBe(false);
    expect(html).toContain("API キーはこのタブのメモリにだけ置かれ、ブラウザーには保存されません");
    expect(html).toContain("memory only and is never saved in the browser");
    expect(html.indexOf('lang="ja"')).toBeLessThan(html.indexOf('lang="en"'));
  });

  it("puts a demo key into the page only when asked to (the demo), and never stores it", async () => {
    const yoga = createTeikyo({
      db: await testDb(),
      clock: () => NOW,
      graphiqlHeaders: { Authorization: "Bearer tk_demo_x" },
    });
    const { html } = await page(yoga);
    const options = JSON.parse(/id="graphiql-options">([^<]*)</.exec(html)![1]!);
    expect(JSON.parse(options.headers)).toEqual({ Authorization: "Bearer tk_demo_x" });
    expect(options.shouldPersistHeaders).toBe(false);
    const { html: plain } = await page(await gateway());
    expect(plain).not.toContain("Bearer");
  });
});
