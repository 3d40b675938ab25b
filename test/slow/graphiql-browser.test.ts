/**
 * GraphiQL in a real browser (Debian's chromium): the page loads with nothing from another
 * host and no Content-Security-Policy refusal, the key typed into the header editor is
 * what the schema is introspected with (so the docs and completion are the partner's own
 * schema), and after a query nothing the page stored holds the key.
 */
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoKey } from "../helpers.js";
import { hasChromium, launchChromium, startGateway } from "./console-browser.js";

describe.skipIf(!hasChromium)("GraphiQL in a browser", () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    ({ server, url } = await startGateway());
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    // Anything for another host is noted and refused: the page must work without it.
    await page.route("**/*", (route) => {
      const target = new URL(route.request().url());
      if (target.origin !== url && !["data:", "blob:"].includes(target.protocol)) {
        foreign.push(target.href);
        return route.abort();
      }
      return route.continue();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it("loads GraphiQL from the gateway alone", async () => {
    await page.goto(`${url}/graphql`);
    await page.waitForSelector(".graphiql-container");
    await page.locator(".graphiql-query-editor .view-lines").first().waitFor();
    expect(await page.locator("#key-note").textContent()).toContain("ブラウザーには保存されません");
    expect(foreign).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  }, 60_000);

  it("introspects with the key typed into the header editor, and stores no header", async () => {
    const key = demoKey("hayate-logistics");
    await page.getByRole("button", { name: /^headers$/i }).click();
    const headers = page.locator(".graphiql-editor-tool .monaco-editor").last();
    await headers.click();
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${key}` }));
    const [introspection] = await Promise.all([
      // Not the page load's own introspection, sent before any key was typed.
      page.waitForResponse(
        (r) =>
          (r.request().postData() ?? "").includes("IntrospectionQuery") &&
          r.request().headers().authorization !== undefined,
      ),
      page.getByRole("button", { name: /re-fetch graphql schema/i }).click(),
    ]);
    const last = {
      authorization: introspection.request().headers().authorization,
      body: await introspection.text(),
    };
    expect(last.authorization).toBe(`Bearer ${key}`);
    // The partner's own schema: its scoped fields, not the internal ones.
    expect(last.body).toContain('"name":"people"');
    expect(last.body).not.toContain('"name":"provisionRecords"');

    await page.locator(".graphiql-execute-button").click();
    // Waits for the answer (the page's default timeout), not a timing assertion.
    await expect
      .poll(() => page.locator(".graphiql-response").textContent(), { timeout: 20_000 })
      .toContain('"fullName"');

    const stored = await page.evaluate(() =>
      JSON.stringify([{ ...window.localStorage }, { ...window.sessionStorage }]),
    );
    expect(stored).toContain("graphiql:"); // GraphiQL did store its tabs and history
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.split("_").slice(0, 2).join("_"));
    expect(stored).not.toMatch(/Bearer/);
    expect(foreign).toEqual([]);
  }, 90_000);
});
