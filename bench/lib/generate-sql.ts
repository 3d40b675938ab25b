/**
 * The SQL that bulk-generates synthetic people and orders inside the database, for SQLite
 * (recursive CTE) and PostgreSQL (generate_series). Random draws go into temporary staging
 * tables first, so a draw used by several columns (a name and its email, a customer-since
 * date and the orders after it) is drawn once per row.
 *
 * Column names and formats follow prisma/{sqlite,postgresql}/schema.prisma: SQLite keeps a
 * DateTime as ISO text (2013-04-25T00:00:00.000+00:00), PostgreSQL as timestamp(3).
 */
// The demo generator's own lists, so bench data looks like the demo world.
import {
  DOMAINS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  PLACES,
  PRODUCTS,
  SURNAMES,
  TIERS,
} from "../../src/demo/people.js";

export type Engine = "sqlite" | "postgresql";

/** The last day orders may fall on, as in src/demo/people.ts (exclusive, UTC). */
const ORDERS_UNTIL = "2026-10-31";

interface GenerationDialect {
  /** A uniform random integer in [0, n), drawn per evaluation. */
  r(n: number): string;
  /** A uniform random number in [0, 1). */
  u: string;
  /** An integer expression as text, zero-padded to `width` digits (wider numbers stay whole). */
  pad(expr: string, width: number): string;
  /** A calendar date (UTC midnight) in the DateTime column format. */
  date(year: string, month: string, day: string): string;
  /** 32 random hex digits. */
  hex32: string;
  /** The integers first..last as a row source with column `i`. */
  series(first: number, last: number): { with: string; from: string };
  /** An instant uniformly between `since` (a DateTime column) and ORDERS_UNTIL, u in [0, 1). */
  orderedAt(since: string, u: string): string;
  /** A random statistics key in [0, 2^31). */
  statisticsKey: string;
  /** Rounds a number to an integer column value. */
  toInt(expr: string): string;
}

const sqlite: GenerationDialect = {
  r: (n) => `((random() & 2147483647) % ${n})`,
  u: `((random() & 2147483647) / 2147483648.0)`,
  pad: (expr, width) => `printf('%0${width}d', ${expr})`,
  date: (y, m, d) => `printf('%04d-%02d-%02dT00:00:00.000+00:00', ${y}, ${m}, ${d})`,
  hex32: `lower(hex(randomblob(16)))`,
  series: (first, last) => ({
    with: `WITH RECURSIVE s(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM s WHERE i < ${last})`,
    from: `s`,
  }),
  // Milliseconds since the epoch, back to ISO text with milliseconds and +00:00.
  orderedAt: (since, u) =>
    `strftime('%Y-%m-%dT%H:%M:%f', (unixepoch(${since}) * 1000 + CAST(${u} * ((unixepoch('${ORDERS_UNTIL}') - unixepoch(${since})) * 1000) AS INTEGER)) / 1000.0, 'unixepoch') || '+00:00'`,
  statisticsKey: `(random() & 2147483647)`,
  toInt: (expr) => `CAST(${expr} AS INTEGER)`,
};

const postgresql: GenerationDialect = {
  r: (n) => `floor(random() * ${n})::int`,
  u: `random()`,
  pad: (expr, width) => `lpad((${expr})::text, ${width}, '0')`,
  date: (y, m, d) => `make_date(${y}, ${m}, ${d})::timestamp(3)`,
  hex32: `md5(random()::text)`,
  series: (first, last) => ({ with: ``, from: `generate_series(${first}, ${last}) AS s(i)` }),
  orderedAt: (since, u) =>
    `(${since} + ${u} * (TIMESTAMP '${ORDERS_UNTIL} 00:00:00' - ${since}))::timestamp(3)`,
  statisticsKey: `floor(random() * 2147483648)::int`,
  toInt: (expr) => `(${expr})::int`,
};

const DIALECTS: Record<Engine, GenerationDialect> = { sqlite, postgresql };

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `CASE <one draw> WHEN 0 THEN a WHEN 1 THEN b ... END`: the draw is evaluated once. */
function pick(g: GenerationDialect, values: readonly string[]): string {
  return `CASE ${g.r(values.length)} ${values.map((v, k) => `WHEN ${k} THEN ${lit(v)}`).join(" ")} END`;
}

function values(rows: readonly (readonly (string | number)[])[]): string {
  return rows
    .map((row) => `(${row.map((v) => (typeof v === "number" ? String(v) : lit(v))).join(", ")})`)
    .join(",\n");
}

/** Small lookup tables the generator joins to (dropped with the session). */
export function lookupStatements(): string[] {
  const towns = PLACES.flatMap(([, , list], place) => list.map((town, k) => [place, k, town] as const));
  return [
    `CREATE TEMP TABLE b_surname (k INTEGER PRIMARY KEY, kanji TEXT NOT NULL, kana TEXT NOT NULL, roma TEXT NOT NULL)`,
    `INSERT INTO b_surname VALUES ${values(SURNAMES.map((s, k) => [k, ...s]))}`,
    `CREATE TEMP TABLE b_given (female INTEGER NOT NULL, k INTEGER NOT NULL, kanji TEXT NOT NULL, kana TEXT NOT NULL, roma TEXT NOT NULL, PRIMARY KEY (female, k))`,
    `INSERT INTO b_given VALUES ${values([
      ...GIVEN_FEMALE.map((g, k) => [1, k, ...g]),
      ...GIVEN_MALE.map((g, k) => [0, k, ...g]),
    ])}`,
    `CREATE TEMP TABLE b_place (k INTEGER PRIMARY KEY, prefecture TEXT NOT NULL, zip TEXT NOT NULL, towns INTEGER NOT NULL)`,
    `INSERT INTO b_place VALUES ${values(PLACES.map(([pref, zip, list], k) => [k, pref, zip, list.length]))}`,
    `CREATE TEMP TABLE b_town (place INTEGER NOT NULL, k INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (place, k))`,
    `INSERT INTO b_town VALUES ${values(towns)}`,
    `CREATE TEMP TABLE b_product (k INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, low INTEGER NOT NULL, high INTEGER NOT NULL)`,
    `INSERT INTO b_product VALUES ${values(PRODUCTS.map((p, k) => [k, ...p]))}`,
  ];
}

/** Customer numbers of generated people: C + 7 digits, distinct from the seed's C + 6. */
const personId = (g: GenerationDialect, i: string) => `'C' || ${g.pad(i, 7)}`;

/**
 * People first..last: the staging table's draws, then the Person rows. Spread as in the
 * demo: 13 prefectures, born 1945-2006, customers since 2012-2025, 2% gender "other",
 * four tiers, 0-6 orders each.
 */
export function peopleStatements(engine: Engine, first: number, last: number): string[] {
  const g = DIALECTS[engine];
  const s = g.series(first, last);
  // 60 is a multiple of every place's town count (2, 3, 5), so towns are uniform.
  return [
    `CREATE TEMP TABLE b_people AS ${s.with}
     SELECT i,
       ${g.r(SURNAMES.length)} AS sur,
       CASE WHEN ${g.r(100)} < 52 THEN 1 ELSE 0 END AS female,
       ${g.r(GIVEN_FEMALE.length)} AS given,
       ${g.r(PLACES.length)} AS place,
       ${g.r(60)} AS town,
       ${g.date(`1945 + ${g.r(62)}`, `1 + ${g.r(12)}`, `1 + ${g.r(28)}`)} AS birth,
       ${g.date(`2012 + ${g.r(14)}`, `1 + ${g.r(12)}`, `1 + ${g.r(28)}`)} AS since,
       ${g.r(7)} AS orders,
       ${g.hex32} AS device
     FROM ${s.from}`,
    `INSERT INTO "Person" ("id", "fullName", "fullNameKana", "email", "phone", "postalCode", "prefecture",
       "address", "birthDate", "gender", "membershipTier", "customerSince", "cookieId", "deviceId", "lastIp",
       "acquisitionMethod", "statisticsKey")
     SELECT ${personId(g, "b.i")},
       su.kanji || ' ' || gv.kanji,
       su.kana || ' ' || gv.kana,
       gv.roma || '.' || su.roma || ${g.pad("b.i", 4)} || '@' || ${pick(g, DOMAINS)},
       '0' || ${pick(g, ["70", "80", "90"])} || '-' || ${g.pad(g.r(10000), 4)} || '-' || ${g.pad(g.r(10000), 4)},
       pl.zip || ${g.pad(g.r(100), 2)} || '-' || ${g.pad(g.r(10000), 4)},
       pl.prefecture,
       tw.name || (1 + ${g.r(9)}) || '-' || (1 + ${g.r(30)}) || '-' || (1 + ${g.r(20)}),
       b.birth,
       CASE WHEN ${g.r(100)} < 2 THEN 'other' WHEN b.female = 1 THEN 'female' ELSE 'male' END,
       ${pick(g, TIERS)},
       b.since,
       ${g.hex32},
       substr(b.device, 1, 8) || '-' || substr(b.device, 9, 4) || '-' || substr(b.device, 13, 4) || '-'
         || substr(b.device, 17, 4) || '-' || substr(b.device, 21, 12),
       ${pick(g, ["203.0.113.", "198.51.100."])} || (1 + ${g.r(254)}),
       'DIRECT',
       ${g.statisticsKey}
     FROM b_people b
     JOIN b_surname su ON su.k = b.sur
     JOIN b_given gv ON gv.female = b.female AND gv.k = b.given
     JOIN b_place pl ON pl.k = b.place
     JOIN b_town tw ON tw.place = b.place AND tw.k = b.town % pl.towns
     ORDER BY b.i`,
  ];
}

/**
 * Orders of the staged people: product (and so category and price range) drawn per order,
 * orderedAt between customerSince and 2026-10-31. Inserted in order-date order, as a shop
 * appends them, so one person's orders are spread over the table.
 */
export function orderStatements(engine: Engine): { stage: string; insert: string } {
  const g = DIALECTS[engine];
  const upTo6 =
    engine === "sqlite"
      ? { with: `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 6)`, from: `k` }
      : { with: ``, from: `generate_series(1, 6) AS k(n)` };
  return {
    stage: `CREATE TEMP TABLE b_orders AS ${upTo6.with}
     SELECT b.i, k.n, ${g.r(PRODUCTS.length)} AS product, ${g.orderedAt("b.since", g.u)} AS at, ${g.u} AS u
     FROM b_people b JOIN ${upTo6.from} ON k.n <= b.orders`,
    insert: `INSERT INTO "Order" ("id", "personId", "orderedAt", "product", "category", "amount")
     SELECT ${personId(g, "o.i")} || '-O' || o.n, ${personId(g, "o.i")}, o.at, p.name, p.category,
       ${g.toInt(`round((p.low + o.u * (p.high - p.low)) / 10.0) * 10`)}
     FROM b_orders o JOIN b_product p ON p.k = o.product
     ORDER BY o.at`,
  };
}

export const dropStagingStatements = [`DROP TABLE b_orders`, `DROP TABLE b_people`];
