/**
 * The only dimensions statistics may be grouped by or filtered on: coarse categories that
 * single no one out on their own. Exact birth dates, addresses, names and ids never are.
 * Each dimension names the data item it is derived from, which the statistics purpose must
 * list (APPI art. 17-18: use within the announced purpose).
 */

export const STATISTICS_DIMENSIONS = [
  "AGE_BAND",
  "PREFECTURE",
  "REGION",
  "GENDER",
  "MEMBERSHIP_TIER",
  "CUSTOMER_SINCE_YEAR",
  "ORDER_MONTH",
  "PRODUCT_CATEGORY",
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/** Person dimensions describe the person; order dimensions split a person's orders. */
export type DimensionLevel = "PERSON" | "ORDER";

export interface DimensionDef {
  item: string;
  level: DimensionLevel;
  description: string;
}

export const DIMENSIONS: Record<StatisticsDimension, DimensionDef> = {
  AGE_BAND: {
    item: "birth_date",
    level: "PERSON",
    description: "Age in 10-year bands, 90 and over top-coded",
  },
  PREFECTURE: { item: "prefecture", level: "PERSON", description: "One of the 47 prefectures" },
  REGION: { item: "prefecture", level: "PERSON", description: "One of 8 regions, from the prefecture" },
  GENDER: { item: "gender", level: "PERSON", description: "female, male or other" },
  MEMBERSHIP_TIER: { item: "membership_tier", level: "PERSON", description: "The membership tier" },
  CUSTOMER_SINCE_YEAR: {
    item: "customer_since",
    level: "PERSON",
    description: "The year (JST) the person became a customer",
  },
  ORDER_MONTH: { item: "order_date", level: "ORDER", description: "The month (JST) of an order, YYYY-MM" },
  PRODUCT_CATEGORY: {
    item: "order_category",
    level: "ORDER",
    description: "The product category of an order",
  },
};

/** Measures: people counted, and order counts and amounts summed, averaged or middled. */
export const STATISTICS_MEASURES = [
  "PEOPLE",
  "ORDER_COUNT_SUM",
  "ORDER_COUNT_AVERAGE",
  "ORDER_COUNT_MEDIAN",
  "ORDER_AMOUNT_SUM",
  "ORDER_AMOUNT_AVERAGE",
  "ORDER_AMOUNT_MEDIAN",
] as const;
export type StatisticsMeasure = (typeof STATISTICS_MEASURES)[number];

/** The data items a measure is computed from. */
export const MEASURE_ITEMS: Record<StatisticsMeasure, readonly string[]> = {
  PEOPLE: [],
  ORDER_COUNT_SUM: ["order_history"],
  ORDER_COUNT_AVERAGE: ["order_history"],
  ORDER_COUNT_MEDIAN: ["order_history"],
  ORDER_AMOUNT_SUM: ["order_history", "order_amount"],
  ORDER_AMOUNT_AVERAGE: ["order_history", "order_amount"],
  ORDER_AMOUNT_MEDIAN: ["order_history", "order_amount"],
};

/** Japan's 47 prefectures by region (the usual eight-region division). */
export const REGIONS: Record<string, readonly string[]> = {
  北海道: ["北海道"],
  東北: ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"],
  関東: ["茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県"],
  中部: ["新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県"],
  近畿: ["三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"],
  中国: ["鳥取県", "島根県", "岡山県", "広島県", "山口県"],
  四国: ["徳島県", "香川県", "愛媛県", "高知県"],
  九州沖縄: ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"],
};
export const PREFECTURES: readonly string[] = Object.values(REGIONS).flat();

/** Anything outside a dimension's list is reported as this, never as itself. */
export const OTHER = "other";

export const AGE_BANDS: readonly string[] = [
  "0-9",
  "10-19",
  "20-29",
  "30-39",
  "40-49",
  "50-59",
  "60-69",
  "70-79",
  "80-89",
  "90+",
];

export const GENDERS = ["female", "male", OTHER];

// Ages and months are counted in Japan time: a birthday or an order at 08:00 JST is that day.
const JST_MS = 9 * 60 * 60 * 1000;

/** The JST calendar date of an instant, as UTC midnight of that date. */
function jstDay(at: Date): Date {
  const shifted = new Date(at.getTime() + JST_MS);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

/**
 * Birth-date cutoffs of the age bands on `now`: someone born on or before cutoffs[i] is at
 * least 10*(i+1) years old. Birth dates are calendar dates (stored as UTC midnight).
 */
export function ageBandCutoffs(now: Date): Date[] {
  const today = jstDay(now);
  return AGE_BANDS.slice(1).map((_, i) => {
    const years = 10 * (i + 1);
    const cut = new Date(today);
    cut.setUTCFullYear(today.getUTCFullYear() - years);
    // 29 February birthdays count from 1 March in non-leap years, as setUTCFullYear rolls over.
    return cut;
  });
}

export function ageBand(birthDate: Date, now: Date): string {
  const cutoffs = ageBandCutoffs(now);
  const index = cutoffs.findIndex((cut) => birthDate.getTime() > cut.getTime());
  return AGE_BANDS[index] ?? "90+";
}

export function regionOf(prefecture: string): string {
  for (const [region, prefectures] of Object.entries(REGIONS))
    if (prefectures.includes(prefecture)) return region;
  return OTHER;
}

/** The JST year, YYYY, of an instant. */
export function jstYear(at: Date): string {
  return jstDay(at).toISOString().slice(0, 4);
}

/** The JST month, YYYY-MM, of an instant. */
export function jstMonth(at: Date): string {
  return jstDay(at).toISOString().slice(0, 7);
}

/** Lists a deployment configures (its tiers and product categories); others read as OTHER. */
export interface DimensionLists {
  membershipTiers: readonly string[];
  productCategories: readonly string[];
}

/** The values a dimension can take, or null where any value of a pattern is allowed. */
export function allowedValues(
  dimension: StatisticsDimension,
  lists: DimensionLists,
): readonly string[] | null {
  switch (dimension) {
    case "AGE_BAND":
      return AGE_BANDS;
    case "PREFECTURE":
      return [...PREFECTURES, OTHER];
    case "REGION":
      return [...Object.keys(REGIONS), OTHER];
    case "GENDER":
      return GENDERS;
    case "MEMBERSHIP_TIER":
      return [...lists.membershipTiers, OTHER];
    case "PRODUCT_CATEGORY":
      return [...lists.productCategories, OTHER];
    case "CUSTOMER_SINCE_YEAR":
    case "ORDER_MONTH":
      return null;
  }
}

const PATTERNS: Partial<Record<StatisticsDimension, RegExp>> = {
  CUSTOMER_SINCE_YEAR: /^(19|20)\d\d$/,
  ORDER_MONTH: /^(19|20)\d\d-(0[1-9]|1[0-2])$/,
};

export function isAllowedValue(
  dimension: StatisticsDimension,
  value: string,
  lists: DimensionLists,
): boolean {
  const values = allowedValues(dimension, lists);
  return values ? values.includes(value) : (PATTERNS[dimension]?.test(value) ?? false);
}
