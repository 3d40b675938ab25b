/**
 * The compliance console driven in a real headless Chromium: sign-in (and refusal of partner
 * and analytics keys), a person's eligibility with the reason and article, records filtered and
 * exported as CSV, a disclosure request from receipt to delivery, the register, the dashboard,
 * the access log, English, sign-out. Every screen is checked with axe-core (WCAG 2.1 AA:
 * labels, contrast, names) and screenshotted; TEIKYO_CONSOLE_SCREENSHOTS=docs/console writes
 * the README's screenshots.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { refusalLogSettled } from "../../src/modules/refusals/use-refusal-log.js";
import { client, demoKey } from "../helpers.js";
import {
  axeViolations,
  buildConsoleIfStale,
  CHROMIUM,
  hasChromium,
  launchChromium,
  startGateway,
} from "./console-browser.js";

const SHOTS = process.env.TEIKYO_CONSOLE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "teikyo-console-"));
mkdirSync(SHOTS, { recursive: true });

if (!hasChromium) {
  console.warn(
    `Skipping the console's browser tests: no Chromium at ${CHROMIUM}. Install it with \`apt-get install -y chromium fonts-ipafont-gothic\` (.ci/run does).`,
  );
}

describe.skipIf(!hasChromium)("compliance console in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: Server;
  let base: string;
  let overdueId: string | undefined;

  beforeAll(async () => {
    buildConsoleIfStale();
    // Provisions to look at: Hayate (entrustee) and Aoba (consent) receive some people.
    const gql = await client();
    await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 5) { edges { node { fullName address } } } }`,
    );
    await gql(
      demoKey("aoba-life"),
      `{ people(purpose: "health_support", first: 3) { edges { node { fullName } } } }`,
    );
    await gql(
      demoKey("hayate-logistics"),
      `{ person(purpose: "delivery", id: "C000041") { fullName address } }`,
    );
    await gql(
      demoKey("hayate-logistics"),
      `{ person(purpose: "delivery", id: "C000011") { fullName address } }`,
    );
    // For the dashboard: a provision refused to Hayate (e-mail is outside its delivery purpose).
    const refused = await gql(
      demoKey("hayate-logistics"),
      `{ people(purpose: "delivery", first: 5) { edges { node { fullName email } } } }`,
    );
    expect(refused.body.errors?.[0]?.extensions?.reason).toBe("ITEM_OUTSIDE_PURPOSE");
    await gql(
      demoKey("aoba-life"),
      `{ people(purpose: "delivery", first: 5) { edges { node { fullName } } } }`,
    );
    await refusalLogSettled();
    // For the dashboard: a differentially private query (epsilon 0.5) and a refused one.
    await gql(
      demoKey("analytics"),
      `{ statistics(groupBy: [REGION], differentialPrivacy: { epsilon: 0.5 }) { cells { people } } }`,
    );
    await gql(
      demoKey("analytics"),
      `{ statistics(filters: [{ dimension: AGE_BAND, values: ["0-9"] }]) { cells { people } } }`,
    );
    // A request received three weeks before "now": past its two-week limit, first in the queue.
    const late = await gql(
      demoKey("compliance"),
      `mutation { receiveDisclosureRequest(input: { personId: "C000071", deliveryMethod: POSTAL_MAIL, receivedAt: "2026-11-02T00:00:00Z" }) { id } }`,
    );
    overdueId = late.body.data?.receiveDisclosureRequest.id;
    ({ server, url: base } = await startGateway());
    browser = await launchChromium();
    // New York time: every date must still be shown in JST. bypassCSP lets axe-core be injected.
    context = await browser.newContext({
      acceptDownloads: true,
      bypassCSP: true,
      locale: "ja-JP",
      // No transitions: axe must not measure the contrast of a drawer still fading in.
      reducedMotion: "reduce",
      timezoneId: "America/New_York",
      viewport: { width: 1440, height: 960 },
    });
    page = await context.newPage();
    // Fail at the step that is stuck, with the locator's own message, well before the test's timeout.
    page.setDefaultTimeout(10_000);
  }, 180_000);

  // A failed step leaves a screenshot of what the browser showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail" && page) {
      await page.screenshot({
        path: join(SHOTS, `failed-${ctx.task.name.slice(0, 40)}.png`),
        fullPage: true,
      });
      console.warn(`Screenshot of the failure in ${SHOTS}`);
      // Close a drawer or popover left open, so that the next test starts from a usable page.
      await page.keyboard.press("Escape");
    }
  });

  afterAll(async () => {
    // Other test files count overdue requests: close the one made here.
    if (overdueId) {
      const gql = await client();
      await gql(
        demoKey("compliance"),
        `mutation { refuseDisclosureRequest(id: "${overdueId}", reason: "テスト終了") { status } }`,
      );
    }
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function expectAccessible(screen: string) {
    const violations = await axeViolations(page);
    expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function shot(name: string) {
    // From the top, so that the fixed header is drawn where it belongs in a full-page capture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
  const nav = (name: string) =>
    page.getByRole("navigation").getByRole("button", { name, exact: true }).click();

  async function signInWith(key: string) {
    await page.getByLabel("API キー").fill(key);
    await page.getByRole("button", { name: "サインイン", exact: true }).click();
  }

  it("refuses partner and analytics keys, in Japanese", async () => {
    await page.goto(`${base}/console/`);
    await expect.poll(() => page.getByRole("heading", { name: "サインイン" }).isVisible()).toBe(true);
    await expectAccessible("sign-in");
    await shot("sign-in");
    for (const [key, role] of [
      [demoKey("hayate-logistics"), "提供先"],
      [demoKey("analytics"), "分析"],
    ] as const) {
      await signInWith(key);
      await expect
        .poll(() => page.getByRole("alert").textContent())
        .toContain(`このキー（${role}）ではサインインできません`);
    }
    await signInWith("tk_nosuch_NotAKeyAtAll000000000");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("キーを確認できませんでした");
  });

  it("signs in with the keyboard alone, keeping the key out of storage", async () => {
    await page.reload();
    await page.getByLabel("API キー").waitFor();
    // Tab order: the language switch, then the key field.
    for (
      let i = 0;
      i < 6 && !(await page.getByLabel("API キー").evaluate((e) => e === document.activeElement));
      i++
    ) {
      await page.keyboard.press("Tab");
    }
    expect(await page.getByLabel("API キー").evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.type(demoKey("compliance"));
    await page.keyboard.press("Enter");
    await page.getByText("demo compliance（コンプライアンス担当）でサインイン中").waitFor();
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toContain("DemoOnly");
  });

  it("shows why Aoba Life does not get C000011: consent withdrawn, art. 27(1)", async () => {
    await page.getByLabel("顧客番号").fill("C000011");
    await page.getByRole("button", { name: "表示" }).click();
    const aoba = page.locator('tr[data-recipient="aoba-life"]');
    await aoba.first().waitFor({ timeout: 30_000 });
    const text = await aoba.first().textContent();
    expect(text).toContain("提供されない");
    expect(text).toContain("有効な同意がありません");
    expect(text).toMatch(/同意は \d{4}\/\d{2}\/\d{2} に撤回されています/);
    expect(text).toContain("APPI art. 27(1)");
    // Hayate (entrustment) still gets them, and the withdrawn consent is in the state.
    expect(await page.locator('tr[data-recipient="hayate-logistics"]').first().textContent()).toContain(
      "提供される",
    );
    expect(await page.getByRole("table").first().textContent()).toMatch(/撤回/);
    await expectAccessible("person");
    await shot("person");
  });

  it("filters provision records by recipient and downloads the CSV", async () => {
    await nav("第三者提供記録");
    await page.getByRole("combobox", { name: "提供先" }).click();
    await page.getByRole("option", { name: /ハヤテ物流/ }).click();
    await page.getByRole("button", { name: "検索" }).click();
    // Until the filtered page replaces the unfiltered one, then only Hayate's records.
    await expect
      .poll(async () =>
        [
          ...new Set(
            await page
              .locator("tbody tr[data-recipient]")
              .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-recipient"))),
          ),
        ].join(","),
      )
      .toBe("hayate-logistics");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "CSV を書き出す" }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? "", "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff); // BOM: Excel opens it as UTF-8
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes("hayate-logistics"))).toBe(true);

    await page
      .getByRole("button", { name: /^詳細 #/ })
      .first()
      .click();
    const drawer = page.getByRole("dialog", { name: "記録の詳細" });
    await drawer.waitFor();
    expect(await drawer.textContent()).toMatch(/ハッシュ[0-9a-f]{64}/);
    expect(await drawer.textContent()).toContain("チェーン上の位置");
    await expectAccessible("record detail");
    await shot("record-detail");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "検証する" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "正常" }).count()).toBe(1);
    // This gateway writes no checkpoints: the console says what the check cannot see.
    expect(await page.getByRole("status").filter({ hasText: "正常" }).textContent()).toContain(
      "比較できる署名付きチェックポイントがありません",
    );
    await expectAccessible("records");
    await shot("records");
  });

  it("takes a disclosure request from receipt to delivery, previewing the response", async () => {
    await nav("開示請求");
    // The queue is by due date: overdue requests come first, marked (C000071's among them).
    const queue = page.getByRole("table", { name: "受付中の開示請求（期限順）" });
    await queue.locator("tbody tr").first().waitFor();
    expect(await queue.locator("tbody tr").first().getAttribute("data-overdue")).toBe("true");
    const late = queue.locator("tbody tr", { hasText: "C000071" });
    expect(await late.getAttribute("data-overdue")).toBe("true");
    expect(await late.textContent()).toContain("期限超過");
    const form = page.getByRole("form", { name: "開示請求を受け付ける" });
    await form.getByLabel("本人（顧客番号）").fill("C000041");
    await form.getByRole("button", { name: "受け付ける" }).click();
    const workflow = page.getByRole("region", { name: "対応の流れ" });
    await workflow.getByText("C000041 — 受付済み").waitFor();
    await workflow.getByLabel("本人確認の方法").fill("運転免許証を窓口で確認");
    await workflow.getByRole("button", { name: "本人確認を記録" }).click();
    await workflow.getByText("C000041 — 本人確認済み").waitFor();
    // Withhold the record of the provision to Hayate on a CO 11 ground.
    await workflow.getByRole("combobox", { name: "第三者提供記録" }).click();
    await page
      .getByRole("option", { name: /ハヤテ物流/ })
      .first()
      .click();
    await workflow.getByRole("combobox", { name: "不開示の理由" }).click();
    await page.getByRole("option", { name: /犯罪の予防・捜査/ }).click();
    await workflow.getByLabel("社内メモ").fill("捜査機関からの照会あり");
    await workflow.getByRole("button", { name: "不開示とする" }).click();
    await workflow.getByText("不開示とした記録").waitFor();
    await workflow.getByRole("button", { name: "開示内容を作成" }).click();
    await workflow.getByText("C000041 — 開示内容作成済み").waitFor();
    const preview = page.frameLocator('iframe[title="本人に届く開示内容のプレビュー"]');
    await expect.poll(() => preview.locator("body").textContent()).toContain("C000041");
    // Records withheld on a CO art. 11 ground are left out silently (art. 33(5)): no notice
    // and no trace of them in what the person gets.
    expect(await workflow.getByRole("alert").count()).toBe(0);
    expect(await preview.locator("body").textContent()).not.toMatch(/ハヤテ物流|不開示/);
    await expectAccessible("disclosure compiled");
    await shot("disclosure");
    // Scrolled first: with the sandboxed preview frame on the page (its own process in
    // Chromium), the click's own scrolling measured the button before the page had moved.
    const deliver = workflow.getByRole("button", { name: "交付済みにする" });
    await deliver.scrollIntoViewIfNeeded();
    await deliver.click();
    await workflow.getByText("この請求は完了しています（交付済み）").waitFor();
  });

  it("shows the register with notices, foreign statements and checks", async () => {
    await nav("提供先台帳");
    await page.locator('article[data-recipient="tokai-direct"]').getByText("オプトアウト届出:").waitFor();
    expect(await page.locator('article[data-recipient="pacific-crm"]').textContent()).toContain(
      "次回確認期限",
    );
    expect(await page.locator('article[data-recipient="northwind-ads"]').textContent()).toContain(
      "外国にある第三者への提供に関する情報提供",
    );
    await expectAccessible("register");
    await shot("register");
  });

  it("reads the dashboard's charts", async () => {
    await nav("ダッシュボード");
    const provisions = page.getByRole("region", { name: "提供先別・月別の提供件数" });
    await provisions.locator("path.mantine-BarChart-bar").first().waitFor({ timeout: 30_000 });
    expect(await provisions.textContent()).toContain("2026-11");
    await page.getByRole("region", { name: "今週期限の開示請求" }).waitFor();
    // Provisions refused to partners, from the stored refusal log: reason and article, by recipient.
    const refusals = page.getByRole("region", { name: "提供の拒否（理由・条文別）" });
    await refusals.locator("path.mantine-BarChart-bar").first().waitFor();
    // The chart draws each word of an axis label as its own tspan: compare without spaces.
    const drawn = (await refusals.textContent())?.replace(/\s/g, "");
    expect(drawn).toContain("利用目的の範囲外の項目です（APPIart.18(1)）");
    expect(await refusals.textContent()).toContain("ハヤテ物流");
    const recent = page.getByRole("table", { name: "最近の提供の拒否" });
    const hayateRow = recent.locator('tr[data-reason="ITEM_OUTSIDE_PURPOSE"]').first();
    expect(await hayateRow.textContent()).toMatch(
      /2026\/11\/23 09:00 JST.*ハヤテ物流.*Person\.email.*利用目的の範囲外の項目です.*APPI art\. 18\(1\)/,
    );
    expect(await page.getByRole("region", { name: "統計クエリの拒否（理由別）" }).textContent()).toContain(
      "対象人数が少なすぎる",
    );
    await page
      .getByRole("region", { name: "統計のプライバシー予算（ε）の消費" })
      .locator("path.mantine-BarChart-bar")
      .first()
      .waitFor();
    await expectAccessible("dashboard");
    await shot("dashboard");
  });

  it("lists the reads of provision records in the access log", async () => {
    // By keyboard: from the dashboard's menu entry, Tab to the next one and press Enter.
    await page.getByRole("navigation").getByRole("button", { name: "ダッシュボード", exact: true }).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("閲覧ログ");
    await page.keyboard.press("Enter");
    const table = page.getByRole("table", { name: "閲覧ログ" });
    await table.waitFor();
    const text = await table.textContent();
    expect(text).toContain("提供記録の書き出し");
    expect(text).toContain("recipientId=hayate-logistics");
    expect(text).toContain("開示内容の作成");
    expect(text).toContain("compliance:demo compliance");
    await expectAccessible("access log");
    await shot("access-log");
  });

  it("switches to English, dates still in JST", async () => {
    await page.getByText("English", { exact: true }).click();
    await page.getByRole("navigation").getByRole("button", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Provisions per recipient per month" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("navigation").getByRole("button", { name: "Access log" }).click();
    const first = await page
      .getByRole("table", { name: "Access log" })
      .locator("tbody tr")
      .first()
      .textContent();
    // The server's clock is 2026-11-23T00:00Z, 09:00 in Tokyo (04:00 the day before in New York).
    expect(first).toContain("23/11/2026, 09:00 JST");
    await expectAccessible("english");
    await shot("access-log-en");
    await page.getByRole("navigation").getByRole("button", { name: "Dashboard" }).click();
    await page.locator("path.mantine-BarChart-bar").first().waitFor();
    const refusals = page.getByRole("region", { name: "Provisions refused, by reason and article" });
    expect((await refusals.textContent())?.replace(/\s/g, "")).toContain(
      "Itemoutsidethepurpose(APPIart.18(1))",
    );
    expect(
      await page
        .getByRole("table", { name: "Recent provision refusals" })
        .locator('tr[data-reason="ITEM_OUTSIDE_PURPOSE"]')
        .first()
        .textContent(),
    ).toMatch(/23\/11\/2026, 09:00 JST.*Person\.email.*Item outside the purpose.*APPI art\. 18\(1\)/);
    await shot("dashboard-en");
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
  });
});
