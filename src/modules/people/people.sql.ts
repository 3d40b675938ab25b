/**
 * One page of people a grant may include, in one statement: the granted columns, and the
 * state the inclusion rule consults (as JSON arrays), of the people the rule's SQL form
 * admits, in customer-number order. Only the state the operation's rule reads is fetched
 * (decidePerson reads consents only when consent is required, opt-outs only for opt-out,
 * pledges only for art. 31); the rest reads as empty. When the operation asks for orders,
 * each person's orders come in the same statement, as a JSON array (loaders.ts ordersOf):
 * one round trip less than reading them after the page.
 */
import type { Provider } from "../../db/database-url.js";
import type { SqlStatement } from "../../db/sql-driver.js";
import { SqlText } from "../../db/sql-text.js";
import {
  CONSENT,
  CONSENT_ITEM,
  columnsOf,
  OPT_OUT_REQUEST,
  ORDER,
  PERSON,
  REFERABLE_PLEDGE,
  SUSPENSION_REQUEST,
} from "../../db/tables.js";
import type { InclusionContext } from "../../policy/person-inclusion.js";
import { personInclusionSql } from "../../policy/person-inclusion-sql.js";
import { ORDER_TUPLE } from "./loaders.js";
import { PERSON_FIELDS, type PersonColumn } from "./person-items.js";

/** Which people: after a customer number (paging), one customer number, or item filters. */
export interface PeopleFilter {
  after?: string | null;
  id?: string;
  prefecture?: string | null;
  membershipTier?: string | null;
}

const p = columnsOf("p", PERSON);
const s = columnsOf("s", SUSPENSION_REQUEST);
const o = columnsOf("o", OPT_OUT_REQUEST);
const c = columnsOf("c", CONSENT);
const ci = columnsOf("ci", CONSENT_ITEM);
const rp = columnsOf("rp", REFERABLE_PLEDGE);
const od = columnsOf("od", ORDER);

/** The person columns a grant's items need, and the id (for loaders and cursors). */
export function grantedColumns(items: ReadonlySet<string>): PersonColumn[] {
  return [
    "id",
    ...PERSON_FIELDS.filter((f) => f.item !== "customer_id" && items.has(f.item)).map((f) => f.field),
  ];
}

/**
 * One JSON array column of the page: `value` over the rows of `table` (as `alias`) that
 * belong to each person (their "personId").
 */
interface PerPersonArray {
  name: string;
  table: string;
  alias: string;
  value: string;
}

/** The person's state that decidePerson will read, as JSON arrays. */
function stateArrays(ctx: InclusionContext, sql: SqlText): PerPersonArray[] {
  const { rule } = ctx;
  const arrays: PerPersonArray[] = [
    {
      name: "suspensions",
      table: "SuspensionRequest",
      alias: "s",
      value: sql.jsonObject({
        scope: s.scope,
        recipientId: s.recipientId,
        purposeCode: s.purposeCode,
        ground: s.ground,
        receivedAt: s.receivedAt,
        liftedAt: s.liftedAt,
      }),
    },
  ];
  if (rule.consent !== "NONE") {
    const items = sql.jsonArray(ci.itemCode, `"ConsentItem" ci WHERE ${ci.consentId} = ${c.id}`);
    const value = sql.jsonObject({
      id: c.id,
      recipientId: c.recipientId,
      recipientGroup: c.recipientGroup,
      purposeCode: c.purposeCode,
      purposeVersionId: c.purposeVersionId,
      allItems: c.allItems,
      foreignStatementId: c.foreignStatementId,
      givenAt: c.givenAt,
      withdrawnAt: c.withdrawnAt,
      items,
    });
    arrays.push({ name: "consents", table: "Consent", alias: "c", value });
  }
  if (rule.optOut) {
    const value = sql.jsonObject({
      recipientId: o.recipientId,
      receivedAt: o.receivedAt,
      withdrawnAt: o.withdrawnAt,
    });
    arrays.push({ name: "optOutRequests", table: "OptOutRequest", alias: "o", value });
  }
  if (rule.referableConfirmation && !ctx.batchReferablePledge) {
    const value = sql.jsonObject({
      recipientId: rp.recipientId,
      confirmedAt: rp.confirmedAt,
      withdrawnAt: rp.withdrawnAt,
    });
    arrays.push({ name: "referablePledges", table: "ReferablePledge", alias: "rp", value });
  }
  return arrays;
}

/** Each person's orders as a JSON array of ORDER_TUPLEs, in no set order (ordersOf sorts them). */
const ordersArray = (sql: SqlText): PerPersonArray => ({
  name: "orders",
  table: "Order",
  alias: "od",
  value: sql.jsonTuple(ORDER_TUPLE.map((column) => od[column])),
});

/**
 * At most `take` people the rule's SQL form admits, with their state, by customer number;
 * with `withOrders`, each person's orders too.
 *
 * The page is chosen first, so the state and orders are read for its rows only. On
 * PostgreSQL each JSON array is one grouped read of its table for the whole page, joined
 * to it: as a subquery per person it cost a scan's start per person and array (the
 * database's CPU for a page of 100 went from 2.0-2.7 ms to 1.1-1.3 ms with orders by
 * position, docs/decisions/0095). SQLite looks each person up by index either way, cheaply,
 * and keeps the subquery per person.
 */
export function peoplePageStatement(
  provider: Provider,
  ctx: InclusionContext,
  filter: PeopleFilter,
  take: number,
  withOrders = false,
): SqlStatement {
  const sql = new SqlText(provider);
  const arrays = [...stateArrays(ctx, sql), ...(withOrders ? [ordersArray(sql)] : [])];
  const where: string[] = [];
  if (filter.id !== undefined) where.push(`${p.id} = ${sql.param(filter.id)}`);
  if (filter.after) where.push(`${p.id} > ${sql.param(filter.after)}`);
  if (filter.prefecture) where.push(`${p.prefecture} = ${sql.param(filter.prefecture)}`);
  if (filter.membershipTier) where.push(`${p.membershipTier} = ${sql.param(filter.membershipTier)}`);
  where.push(personInclusionSql(ctx, sql, "p"));
  const page = `SELECT * FROM "Person" p WHERE ${where.join("\n  AND ")}
  ORDER BY ${p.id} LIMIT ${sql.param(take)}`;
  const columns = [...grantedColumns(ctx.items).map((f) => p[f]), p.acquisitionMethod];
  const text =
    provider === "postgresql"
      ? joinedArrays(page, columns, arrays)
      : arraysPerPerson(sql, page, columns, arrays);
  return { label: "person.page", text, params: sql.values };
}

/** PostgreSQL: the page, then each array read once for all its people and joined to it. */
function joinedArrays(page: string, columns: string[], arrays: PerPersonArray[]): string {
  const selected = arrays.map((a) => `coalesce(${a.alias}."array", '[]'::json) AS "${a.name}"`);
  const joins = arrays.map(
    (a) => `\nLEFT JOIN (${groupedArray(a)}) ${a.alias} ON ${a.alias}."personId" = ${p.id}`,
  );
  return `WITH page AS MATERIALIZED (${page})
SELECT ${[...columns, ...selected].join(", ")}
FROM page p${joins.join("")}
ORDER BY ${p.id}`;
}

/**
 * `array`'s JSON array per person of the page, in no set order. The page's ids go in as one
 * array, so the table is read by its personId index for just those people.
 */
function groupedArray(a: PerPersonArray): string {
  return `SELECT ${a.alias}."personId", json_agg(${a.value}) AS "array" FROM "${a.table}" ${a.alias}
  WHERE ${a.alias}."personId" = ANY(ARRAY(SELECT "id" FROM page)) GROUP BY ${a.alias}."personId"`;
}

/** SQLite: the page, each array a subquery per person (read by the driver as text). */
function arraysPerPerson(sql: SqlText, page: string, columns: string[], arrays: PerPersonArray[]): string {
  const selected = arrays.map(
    (a) =>
      `${sql.jsonArray(a.value, `"${a.table}" ${a.alias} WHERE ${a.alias}."personId" = ${p.id}`, false)} AS "${a.name}"`,
  );
  return `SELECT ${[...columns, ...selected].join(", ")}
FROM (${page}) p
ORDER BY ${p.id}`;
}
