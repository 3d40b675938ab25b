/**
 * The tables and columns the hand-written SQL reads (src/db/sql-driver.ts), written once and
 * checked against the Prisma models at compile time: a migration that renames, drops or
 * retypes one of these columns fails `npm run typecheck` here, not a partner request later.
 * SQL names columns only through `columnsOf`, so it cannot name one this file does not list.
 */
import type {
  Consent,
  ConsentItem,
  OptOutRequest,
  Order,
  Person,
  ReferablePledge,
  SuspensionRequest,
} from "../generated/sqlite/client.js";

export type ColumnKind = "text" | "instant" | "int" | "bool";
type Kind<T> = [T] extends [Date]
  ? "instant"
  : [T] extends [string]
    ? "text"
    : [T] extends [number]
      ? "int"
      : [T] extends [boolean]
        ? "bool"
        : never;
/** Each column of a Prisma model with its kind; "?" when it may be null. */
type Kinds<Model> = {
  [K in keyof Model]-?: null extends Model[K] ? `${Kind<NonNullable<Model[K]>>}?` : Kind<Model[K]>;
};
type Columns = Record<string, ColumnKind | `${ColumnKind}?`>;

/** Every column: a row of these is the whole record (a new column must be listed too). */
export const PERSON = {
  id: "text",
  fullName: "text",
  fullNameKana: "text",
  email: "text",
  phone: "text",
  postalCode: "text",
  prefecture: "text",
  address: "text",
  birthDate: "instant",
  gender: "text",
  companyName: "text?",
  department: "text?",
  membershipTier: "text",
  customerSince: "instant",
  cookieId: "text",
  deviceId: "text",
  lastIp: "text",
  medicalNote: "text?",
  driversLicenseNumber: "text?",
  acquisitionMethod: "text",
  statisticsKey: "int?",
} as const satisfies Kinds<Person>;

export const ORDER = {
  id: "text",
  personId: "text",
  orderedAt: "instant",
  product: "text",
  category: "text",
  amount: "int",
} as const satisfies Kinds<Order>;

/** The columns of a person's state that the inclusion rule consults (decidePerson). */
export const CONSENT = {
  id: "text",
  personId: "text",
  recipientId: "text?",
  recipientGroup: "text?",
  purposeCode: "text",
  purposeVersionId: "text?",
  allItems: "bool",
  foreignStatementId: "text?",
  givenAt: "instant",
  withdrawnAt: "instant?",
} as const satisfies Partial<Kinds<Consent>>;

export const CONSENT_ITEM = { consentId: "text", itemCode: "text" } as const satisfies Kinds<ConsentItem>;

export const OPT_OUT_REQUEST = {
  personId: "text",
  recipientId: "text?",
  receivedAt: "instant",
  withdrawnAt: "instant?",
} as const satisfies Partial<Kinds<OptOutRequest>>;

export const SUSPENSION_REQUEST = {
  personId: "text",
  scope: "text",
  recipientId: "text?",
  purposeCode: "text?",
  ground: "text?",
  receivedAt: "instant",
  liftedAt: "instant?",
} as const satisfies Partial<Kinds<SuspensionRequest>>;

export const REFERABLE_PLEDGE = {
  personId: "text?",
  recipientId: "text",
  confirmedAt: "instant",
  withdrawnAt: "instant?",
} as const satisfies Partial<Kinds<ReferablePledge>>;

/** `alias."column"` for each column of a table: the only way SQL here names a column. */
export function columnsOf<C extends Columns>(alias: string, columns: C): { [K in keyof C]: string } {
  return Object.fromEntries(Object.keys(columns).map((c) => [c, `${alias}."${c}"`])) as {
    [K in keyof C]: string;
  };
}

/** An instant from a driver or a JSON aggregate: a Date, SQLite's ISO text, or PostgreSQL's zoneless UTC text. */
export function instantOf(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

const kindsOf = new WeakMap<Columns, Map<string, ColumnKind>>();

/** Each column's kind without its "?", made once per table (rows are decoded by the hundred). */
function kinds(columns: Columns): Map<string, ColumnKind> {
  let map = kindsOf.get(columns);
  if (!map) {
    map = new Map(Object.entries(columns).map(([name, kind]) => [name, kind.replace("?", "") as ColumnKind]));
    kindsOf.set(columns, map);
  }
  return map;
}

/** One value in its TypeScript form; a column of no known kind passes as it came. */
function decodedValue(value: unknown, kind: ColumnKind | undefined): unknown {
  if (value === null || value === undefined || !kind) return value ?? null;
  switch (kind) {
    case "instant":
      return instantOf(value);
    case "int":
      return Number(value);
    case "bool":
      return value === true || value === 1 || value === "1" || value === "t" || value === "true";
    default:
      return value;
  }
}

/** A row's columns in their TypeScript form (a boolean is 0/1 in SQLite, an int may come as text). */
export function decoded<C extends Columns>(
  row: Record<string, unknown>,
  columns: C,
): Record<string, unknown> {
  const byName = kinds(columns);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(row)) out[name] = decodedValue(row[name], byName.get(name));
  return out;
}

/** Only `names` of a row, in that order, in their TypeScript form (as decoded would give them). */
export function decodedColumns<C extends Columns>(
  row: Record<string, unknown>,
  columns: C,
  names: readonly string[],
): Record<string, unknown> {
  const byName = kinds(columns);
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = decodedValue(row[name], byName.get(name));
  return out;
}
