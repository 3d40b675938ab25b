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

/** The person's state columns that decidePerson will read, as JSON arrays. */
function stateColumns(ctx: InclusionContext, sql: SqlText): string[] {
  const { rule } = ctx;
  const columns = [
    `${sql.jsonArray(
      sql.jsonObject({
        scope: s.scope,
        recipientId: s.recipientId,
        purposeCode: s.purposeCode,
        ground: s.ground,
        receivedAt: s.receivedAt,
        liftedAt: s.liftedAt,
      }),
      `"SuspensionRequest" s WHERE ${s.personId} = ${p.id}`,
    )} AS "suspensions"`,
  ];
  if (rule.consent !== "NONE") {
    const items = sql.jsonArray(ci.itemCode, `"ConsentItem" ci WHERE ${ci.consentId} = ${c.id}`);
    const consent = sql.jsonObject({
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
    columns.push(`${sql.jsonArray(consent, `"Consent" c WHERE ${c.personId} = ${p.id}`)} AS "consents"`);
  }
  if (rule.optOut) {
    const request = sql.jsonObject({
      recipientId: o.recipientId,
      receivedAt: o.receivedAt,
      withdrawnAt: o.withdrawnAt,
    });
    columns.push(
      `${sql.jsonArray(request, `"OptOutRequest" o WHERE ${o.personId} = ${p.id}`)} AS "optOutRequests"`,
    );
  }
  if (rule.referableConfirmation && !ctx.batchReferablePledge) {
    const pledge = sql.jsonObject({
      recipientId: rp.recipientId,
      confirmedAt: rp.confirmedAt,
      withdrawnAt: rp.withdrawnAt,
    });
    columns.push(
      `${sql.jsonArray(pledge, `"ReferablePledge" rp WHERE ${rp.personId} = ${p.id}`)} AS "referablePledges"`,
    );
  }
  return columns;
}

/** Each person's orders, every column, as a JSON array in no set order (ordersOf sorts them). */
function ordersColumn(sql: SqlText): string {
  return `${sql.jsonArray(sql.jsonObject(od), `"Order" od WHERE ${od.personId} = ${p.id}`)} AS "orders"`;
}

/**
 * At most `take` people the rule's SQL form admits, with their state, by customer number;
 * with `withOrders`, each person's orders too.
 */
export function peoplePageStatement(
  provider: Provider,
  ctx: InclusionContext,
  filter: PeopleFilter,
  take: number,
  withOrders = false,
): SqlStatement {
  const sql = new SqlText(provider);
  // The page is chosen first (inner query), so the state and orders are read for its rows only.
  const state = [...stateColumns(ctx, sql), ...(withOrders ? [ordersColumn(sql)] : [])];
  const where: string[] = [];
  if (filter.id !== undefined) where.push(`${p.id} = ${sql.param(filter.id)}`);
  if (filter.after) where.push(`${p.id} > ${sql.param(filter.after)}`);
  if (filter.prefecture) where.push(`${p.prefecture} = ${sql.param(filter.prefecture)}`);
  if (filter.membershipTier) where.push(`${p.membershipTier} = ${sql.param(filter.membershipTier)}`);
  where.push(personInclusionSql(ctx, sql, "p"));
  const text = `SELECT ${[...grantedColumns(ctx.items).map((f) => p[f]), p.acquisitionMethod, ...state].join(", ")}
FROM (SELECT * FROM "Person" p WHERE ${where.join("\n  AND ")}
  ORDER BY ${p.id} LIMIT ${sql.param(take)}) p
ORDER BY ${p.id}`;
  return { label: "person.page", text, params: sql.values };
}
