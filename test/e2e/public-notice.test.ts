/**
 * The public notice (GET /privacy-notice and Query.publicNotice) is generated from the
 * versions in force: each enforced fact appears in it, and disappears when its version is
 * replaced; ?at= shows it as it stood; the page is Japanese by default and self-contained.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_NOTICES } from "../../src/demo/person-states.js";
import { createTeikyo } from "../../src/yoga.js";
import { client, demoKey, NOW, testDb } from "../helpers.js";

async function page(path: string, clock: () => Date = () => NOW) {
  const yoga = createTeikyo({ db: await testDb(), clock });
  const res = await yoga.fetch(`http://teikyo.test${path}`);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("the generated public notice", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client();
  });

  it("reads as a Japanese privacy policy with the demo world's facts, without a key", async () => {
    const res = await page("/privacy-notice");
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html lang="ja">/);
    for (const heading of [
      "事業者の名称・住所・代表者",
      "個人情報の利用目的",
      "個人データの取扱いの委託",
      "共同利用",
      "オプトアウトによる第三者提供",
      "外国にある第三者への提供",
      "保有個人データに関するご請求",
      "苦情・お問い合わせ窓口",
      "改定履歴",
    ])
      expect(res.body).toContain(heading);
    // Facts from the versions in force, not hand-written text.
    expect(res.body).toContain("ご注文商品の配送のため");
    expect(res.body).toContain("株式会社ミナトカードサービス");
    expect(res.body).toContain("第三者（ダイレクトメール発送事業者）への提供を利用目的とします。");
    // The foreign statement in force (another test file may have published a later one).
    const statement = await (
      await testDb()
    ).foreignStatement.findFirstOrThrow({
      where: { recipientId: "northwind-ads", publishedAt: { lte: NOW } },
      orderBy: { version: "desc" },
    });
    expect(res.body).toContain(statement.protectionSystem);
    expect(res.body).toContain("1,000円");
    // Self-contained: no script, stylesheet or image from elsewhere.
    expect(res.body).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it("has English, Markdown and JSON variants saying the same", async () => {
    const en = await page("/privacy-notice?lang=en");
    expect(en.body).toMatch(/<html lang="en">/);
    expect(en.body).toContain("Purposes of use");
    expect(en.body).toContain("To deliver products ordered by customers");
    const md = await page("/privacy-notice.md");
    expect(md.type).toMatch(/text\/markdown/);
    expect(md.body).toMatch(/^# 個人情報の取扱いについて/);
    const json = JSON.parse((await page("/privacy-notice.json")).body);
    expect(json.sections.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([
        "operator",
        "purposes",
        "joint-use",
        "opt-out",
        "foreign",
        "requests",
        "history",
      ]),
    );
    const gqlNotice = await gql(
      demoKey("hayate-logistics"),
      `{ publicNotice(lang: "en") { title markdown } }`,
    );
    expect(gqlNotice.body.data?.publicNotice.title).toBe("Privacy Policy");
    expect(gqlNotice.body.data?.publicNotice.markdown).toContain("To deliver products ordered by customers");
    expect((await page("/privacy-notice?at=yesterday")).status).toBe(400);
  });

  it("changes when a purpose's version is replaced, and keeps the old text for ?at= and in the history", async () => {
    const admin = demoKey("admin");
    const created = await gql(
      admin,
      `mutation { createPurpose(input: { code: "notice_survey", description: "To send satisfaction surveys",
        descriptionJa: "満足度アンケートの送付のため", items: ["full_name", "email"] }) { code } }`,
    );
    expect(created.body.errors).toBeUndefined();
    const before = await page("/privacy-notice");
    expect(before.body).toContain("満足度アンケートの送付のため（利用する項目: メールアドレス、氏名）");
    const changed = await gql(
      admin,
      `mutation { publishPurposeVersion(code: "notice_survey", input: { descriptionJa: "満足度アンケートおよび商品開発のため",
        description: "To send satisfaction surveys and develop products", items: ["full_name", "email", "gender"],
        changeNote: "Survey answers also inform product development, as customers answering surveys expect.",
        effectiveFrom: "2026-12-10T00:00:00Z" }) { version } }`,
    );
    expect(changed.body.errors).toBeUndefined();
    // Announced for a later date: the notice says so in advance, the old text still applies.
    const announced = await page("/privacy-notice");
    expect(announced.body).toContain("満足度アンケートの送付のため（利用する項目: メールアドレス、氏名）");
    expect(announced.body).toContain("改定予定");
    expect(announced.body).toMatch(/2026年12月10日 利用目的「満足度アンケートおよび商品開発のため」第2版/);
    const after = await page("/privacy-notice", () => new Date("2026-12-11T00:00:00Z"));
    expect(after.body).toContain(
      "満足度アンケートおよび商品開発のため（利用する項目: メールアドレス、氏名、性別）",
    );
    expect(after.body).not.toContain("満足度アンケートの送付のため（");
    const then = await page("/privacy-notice?at=2026-11-23", () => new Date("2026-12-11T00:00:00Z"));
    expect(then.body).toContain("満足度アンケートの送付のため（利用する項目: メールアドレス、氏名）");
  });

  it("drops a joint user's old responsible party and shows the new one from its announced date", async () => {
    const { jointUsers, items, purposes } = DEMO_NOTICES.jointUse;
    const notice = {
      jointUsers,
      items,
      purposes,
      responsibleName: "株式会社ミナトカードサービス (Minato Card Service Co., Ltd.)",
      responsibleAddress: "東京都港区海岸2-2-2",
      responsibleRepresentative: "代表取締役 湊 花子",
      effectiveFrom: "2027-01-01T00:00:00Z",
    };
    const res = await gql(
      demoKey("compliance"),
      `mutation($input: JointUseNoticeInput!) { publishJointUseNotice(recipientId: "minato-card", input: $input) { version } }`,
      { input: notice },
    );
    expect(res.body.errors).toBeUndefined();
    const now = await page("/privacy-notice");
    expect(now.body).toContain("東京都港区海岸1-1-1 代表取締役社長 港 一郎");
    const later = await page("/privacy-notice", () => new Date("2027-01-02T00:00:00Z"));
    expect(later.body).toContain("東京都港区海岸2-2-2 代表取締役 湊 花子");
    expect(later.body).not.toContain("東京都港区海岸1-1-1 代表取締役社長 港 一郎");
  });

  it("names a foreign recipient's country only while its statement says so", async () => {
    const db = await testDb();
    const published = await gql(
      demoKey("compliance"),
      `mutation { publishForeignStatement(recipientId: "northwind-ads", input: { country: "CA",
        protectionSystem: "Canada has PIPEDA, a federal private-sector privacy law.", recipientMeasures: "Encrypted, deleted after 13 months." }) }`,
    );
    expect(published.body.errors).toBeUndefined();
    const now = await page("/privacy-notice");
    expect(now.body).toContain("カナダ (CA)");
    expect(now.body).toContain("Canada has PIPEDA");
    expect(now.body).not.toContain("The United States has no comprehensive federal privacy law");
    const before = await page("/privacy-notice?at=2026-01-01");
    expect(before.body).toContain("The United States has no comprehensive federal privacy law");
    // Leave the demo statement in force for other tests.
    expect(
      await db.foreignStatement.count({ where: { recipientId: "northwind-ads", effectiveUntil: null } }),
    ).toBe(1);
    await db.foreignStatement.delete({ where: { id: published.body.data?.publishForeignStatement.id } });
    const last = await db.foreignStatement.findFirstOrThrow({
      where: { recipientId: "northwind-ads" },
      orderBy: { version: "desc" },
    });
    await db.foreignStatement.update({ where: { id: last.id }, data: { effectiveUntil: null } });
  });
});
