/**
 * Synthetic customers of a Japanese e-commerce/SaaS company, from a seeded generator.
 * Emails use reserved example domains; IPs use documentation ranges (RFC 5737).
 */
import type { Order, Person } from "../db/client.js";
import { seededRandom } from "./random.js";

export const SURNAMES: [string, string, string][] = [
  ["佐藤", "サトウ", "sato"],
  ["鈴木", "スズキ", "suzuki"],
  ["高橋", "タカハシ", "takahashi"],
  ["田中", "タナカ", "tanaka"],
  ["伊藤", "イトウ", "ito"],
  ["渡辺", "ワタナベ", "watanabe"],
  ["山本", "ヤマモト", "yamamoto"],
  ["中村", "ナカムラ", "nakamura"],
  ["小林", "コバヤシ", "kobayashi"],
  ["加藤", "カトウ", "kato"],
  ["吉田", "ヨシダ", "yoshida"],
  ["山田", "ヤマダ", "yamada"],
  ["佐々木", "ササキ", "sasaki"],
  ["山口", "ヤマグチ", "yamaguchi"],
  ["松本", "マツモト", "matsumoto"],
  ["井上", "イノウエ", "inoue"],
  ["木村", "キムラ", "kimura"],
  ["林", "ハヤシ", "hayashi"],
  ["清水", "シミズ", "shimizu"],
  ["山崎", "ヤマザキ", "yamazaki"],
  ["森", "モリ", "mori"],
  ["池田", "イケダ", "ikeda"],
  ["橋本", "ハシモト", "hashimoto"],
  ["阿部", "アベ", "abe"],
];
export const GIVEN_FEMALE: [string, string, string][] = [
  ["陽菜", "ヒナ", "hina"],
  ["結衣", "ユイ", "yui"],
  ["美咲", "ミサキ", "misaki"],
  ["さくら", "サクラ", "sakura"],
  ["葵", "アオイ", "aoi"],
  ["花子", "ハナコ", "hanako"],
  ["恵子", "ケイコ", "keiko"],
  ["真由美", "マユミ", "mayumi"],
  ["彩", "アヤ", "aya"],
  ["千尋", "チヒロ", "chihiro"],
  ["由美", "ユミ", "yumi"],
  ["明美", "アケミ", "akemi"],
];
export const GIVEN_MALE: [string, string, string][] = [
  ["翔太", "ショウタ", "shota"],
  ["大輔", "ダイスケ", "daisuke"],
  ["健太", "ケンタ", "kenta"],
  ["蓮", "レン", "ren"],
  ["拓也", "タクヤ", "takuya"],
  ["誠", "マコト", "makoto"],
  ["浩二", "コウジ", "koji"],
  ["隆", "タカシ", "takashi"],
  ["悠斗", "ユウト", "yuto"],
  ["直樹", "ナオキ", "naoki"],
  ["和也", "カズヤ", "kazuya"],
  ["修", "オサム", "osamu"],
];

/** Prefecture, postal-code prefix, and a few towns. */
export const PLACES: [string, string, string[]][] = [
  ["東京都", "1", ["千代田区丸の内", "新宿区西新宿", "世田谷区三軒茶屋", "江東区豊洲", "品川区大崎"]],
  ["神奈川県", "2", ["横浜市西区みなとみらい", "川崎市中原区小杉町", "藤沢市鵠沼海岸"]],
  ["大阪府", "5", ["大阪市北区梅田", "大阪市中央区難波", "堺市堺区大仙町"]],
  ["愛知県", "4", ["名古屋市中区栄", "豊田市元町", "岡崎市康生町"]],
  ["北海道", "0", ["札幌市中央区大通西", "函館市本町", "旭川市宮下通"]],
  ["福岡県", "8", ["福岡市博多区博多駅前", "北九州市小倉北区浅野"]],
  ["京都府", "6", ["京都市下京区四条通", "宇治市宇治"]],
  ["宮城県", "9", ["仙台市青葉区一番町", "石巻市中央"]],
  ["埼玉県", "3", ["さいたま市大宮区桜木町", "川越市新富町"]],
  ["千葉県", "2", ["千葉市中央区富士見", "船橋市本町"]],
  ["兵庫県", "6", ["神戸市中央区三宮町", "姫路市駅前町"]],
  ["広島県", "7", ["広島市中区紙屋町", "福山市東桜町"]],
  ["沖縄県", "9", ["那覇市久茂地", "沖縄市中央"]],
];

export const PRODUCTS: [string, string, number, number][] = [
  ["ワイヤレスイヤホン", "electronics", 4980, 19800],
  ["モバイルバッテリー", "electronics", 2480, 6980],
  ["スマートウォッチ", "electronics", 12800, 49800],
  ["オーガニック緑茶セット", "food", 1980, 5400],
  ["北海道産チーズ詰め合わせ", "food", 3240, 8640],
  ["コーヒー豆 500g", "food", 1620, 3980],
  ["リネンシャツ", "apparel", 5990, 12900],
  ["ウォーキングシューズ", "apparel", 7980, 16500],
  ["保湿クリーム", "beauty", 1480, 6600],
  ["日焼け止めジェル", "beauty", 980, 2980],
  ["ビジネス書「計画の技法」", "books", 1650, 2420],
  ["絵本セット", "books", 2200, 6600],
  ["ヨガマット", "sports", 2980, 8800],
  ["会計SaaS 年間ライセンス", "software", 39600, 118800],
];

const COMPANIES = [
  "株式会社青空テック",
  "みどり商事株式会社",
  "株式会社ひかり設計",
  "さくら精工株式会社",
  "株式会社こだま企画",
];
const DEPARTMENTS = ["経理部", "営業部", "情報システム部", "総務部", "マーケティング部"];
export const TIERS = ["regular", "silver", "gold", "platinum"];
const MEDICAL_NOTES = [
  "高血圧の治療中",
  "花粉症（通院中）",
  "2型糖尿病の食事指導あり",
  "腰痛のため整形外科に通院",
];
export const DOMAINS = ["example.jp", "example.com", "example.net"];

/** Rows as the datamodel has them, less what the seed sets later (acquisition, statistics key). */
export type DemoPerson = Omit<Person, "acquisitionMethod" | "statisticsKey">;
export type DemoOrder = Order;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function generatePeople(count: number, seed = 20241): { people: DemoPerson[]; orders: DemoOrder[] } {
  const rnd = seededRandom(seed);
  const hex = (len: number) => Array.from({ length: len }, () => rnd.int(0, 15).toString(16)).join("");
  const people: DemoPerson[] = [];
  const orders: DemoOrder[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `C${pad(i, 6)}`;
    const female = rnd.chance(0.52);
    const [sur, surKana, surRoma] = rnd.pick(SURNAMES);
    const [given, givenKana, givenRoma] = rnd.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
    const [prefecture, zipHead, towns] = rnd.pick(PLACES);
    const birthDate = new Date(Date.UTC(rnd.int(1945, 2006), rnd.int(0, 11), rnd.int(1, 28)));
    const customerSince = new Date(Date.UTC(rnd.int(2012, 2025), rnd.int(0, 11), rnd.int(1, 28)));
    const b2b = rnd.chance(0.25);
    people.push({
      id,
      fullName: `${sur} ${given}`,
      fullNameKana: `${surKana} ${givenKana}`,
      email: `${givenRoma}.${surRoma}${pad(i, 4)}@${rnd.pick(DOMAINS)}`,
      phone: `0${rnd.pick(["70", "80", "90"])}-${pad(rnd.int(0, 9999), 4)}-${pad(rnd.int(0, 9999), 4)}`,
      postalCode: `${zipHead}${pad(rnd.int(0, 99), 2)}-${pad(rnd.int(0, 9999), 4)}`,
      prefecture,
      address: `${rnd.pick(towns)}${rnd.int(1, 9)}-${rnd.int(1, 30)}-${rnd.int(1, 20)}`,
      birthDate,
      gender: rnd.chance(0.02) ? "other" : female ? "female" : "male",
      companyName: b2b ? rnd.pick(COMPANIES) : null,
      department: b2b ? rnd.pick(DEPARTMENTS) : null,
      membershipTier: rnd.pick(TIERS),
      customerSince,
      cookieId: hex(32),
      deviceId: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      lastIp: rnd.chance(0.5) ? `203.0.113.${rnd.int(1, 254)}` : `198.51.100.${rnd.int(1, 254)}`,
      medicalNote: rnd.chance(0.12) ? rnd.pick(MEDICAL_NOTES) : null,
      driversLicenseNumber: rnd.chance(0.4) ? pad(rnd.int(0, 999999), 6) + pad(rnd.int(0, 999999), 6) : null,
    });
    const orderCount = rnd.int(0, 6);
    for (let o = 1; o <= orderCount; o++) {
      const [product, category, low, high] = rnd.pick(PRODUCTS);
      const since = customerSince.getTime();
      const until = Date.UTC(2026, 9, 31);
      orders.push({
        id: `${id}-O${o}`,
        personId: id,
        orderedAt: new Date(since + Math.floor(rnd.next() * (until - since))),
        product,
        category,
        amount: Math.round((low + rnd.next() * (high - low)) / 10) * 10,
      });
    }
  }
  return { people, orders };
}
