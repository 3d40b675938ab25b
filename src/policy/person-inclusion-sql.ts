/**
 * person-inclusion.ts as one SQL condition on a Person row, so a page of people is filtered
 * in the database with the same rule the pure function applies to each row afterwards (it
 * stays the authority: provision/eligible-people.ts re-checks every row with decidePerson).
 * Pure: builds text and bound values; test/e2e/inclusion-sql.test.ts keeps the two in step over
 * the whole demo population on both databases.
 */
import {
  CONSENT,
  CONSENT_ITEM,
  columnsOf,
  OPT_OUT_REQUEST,
  PERSON,
  REFERABLE_PLEDGE,
  SUSPENSION_REQUEST,
} from "../db/tables.js";
import type { SqlText } from "../db/sql-text.js";
import type { InclusionContext } from "./person-inclusion.js";

const s = columnsOf("s", SUSPENSION_REQUEST);
const o = columnsOf("o", OPT_OUT_REQUEST);
const c = columnsOf("c", CONSENT);
const ci = columnsOf("ci", CONSENT_ITEM);
const rp = columnsOf("rp", REFERABLE_PLEDGE);

/** In force at `now`: started, and not ended by then (inForce). */
const inForce = (sql: SqlText, start: string, end: string, now: Date) =>
  `${start} <= ${sql.instant(now)} AND (${end} IS NULL OR ${end} > ${sql.instant(now)})`;

/** Which (item, purpose version) pairs an `allItems` consent covers: ordinary or referable items only. */
function allItemsCoverage(ctx: InclusionContext): { item: string; version: string }[] {
  return [...ctx.items].flatMap((item) => {
    const cls = ctx.classes.get(item);
    if (cls !== "ORDINARY" && cls !== "PERSONALLY_REFERABLE") return [];
    return [...ctx.allItemsCoverage]
      .filter(([, has]) => has.has(item))
      .map(([version]) => ({ item, version }));
  });
}

/** APPI art. 28(2), R17: given on one of the recipient's statements, published before it. */
function givenOnStatement(ctx: InclusionContext, sql: SqlText): string {
  const statements = [...ctx.foreignStatements].map(([id, published]) => ({ id, published }));
  return `AND EXISTS (SELECT 1 FROM ${sql.rows("st", statements, { id: "text", published: "instant" })}
    WHERE st."id" = ${c.foreignStatementId} AND st."published" <= ${c.givenAt})`;
}

/** The condition on the Person row `alias` that decidePerson includes it. */
export function personInclusionSql(ctx: InclusionContext, sql: SqlText, alias: string): string {
  const { recipient, now, rule, purposeCode } = ctx;
  const p = columnsOf(alias, PERSON);
  const conditions = [
    // APPI art. 35: no stop demand in force for provision to this recipient or use for the purpose.
    `NOT EXISTS (SELECT 1 FROM "SuspensionRequest" s WHERE ${s.personId} = ${p.id}
      AND ${inForce(sql, s.receivedAt, s.liftedAt, now)}
      AND ((${s.scope} = 'THIRD_PARTY_PROVISION' AND (${s.recipientId} IS NULL OR ${s.recipientId} = ${sql.param(recipient.id)}))
        OR (${s.scope} = 'USE_FOR_PURPOSE' AND ${s.purposeCode} = ${sql.param(purposeCode)})))`,
    // APPI art. 20(1).
    `${p.acquisitionMethod} <> 'IMPROPER'`,
  ];
  if (rule.optOut) {
    conditions.push(
      // APPI art. 27(2): not itself received by opt-out, and no opt-out request in force.
      `${p.acquisitionMethod} <> 'BY_OPT_OUT'`,
      `NOT EXISTS (SELECT 1 FROM "OptOutRequest" o WHERE ${o.personId} = ${p.id}
        AND ${inForce(sql, o.receivedAt, o.withdrawnAt, now)}
        AND (${o.recipientId} IS NULL OR ${o.recipientId} = ${sql.param(recipient.id)}))`,
    );
  }
  if (rule.consent !== "NONE") {
    // APPI art. 27(1) / 28(1): a consent in force for this purpose, naming the recipient or
    // its group, covering every item (consentCovers); abroad, given on a statement (R17).
    // SQLite's placeholders are positional: every value is bound in the order of the text.
    conditions.push(
      `EXISTS (SELECT 1 FROM "Consent" c WHERE ${c.personId} = ${p.id}
        AND ${inForce(sql, c.givenAt, c.withdrawnAt, now)}
        AND ${c.purposeCode} = ${sql.param(purposeCode)}
        AND (${c.recipientId} = ${sql.param(recipient.id)} OR ${c.recipientGroup} = ${sql.param(recipient.groupCode ?? null)})
        ${rule.consent === "FOREIGN" ? givenOnStatement(ctx, sql) : ""}
        AND NOT EXISTS (SELECT 1 FROM ${sql.rows(
          "r",
          [...ctx.items].map((item) => ({ item })),
          { item: "text" },
        )}
          WHERE NOT EXISTS (SELECT 1 FROM "ConsentItem" ci WHERE ${ci.consentId} = ${c.id} AND ${ci.itemCode} = r."item")
          AND NOT (${c.allItems} = TRUE AND EXISTS (SELECT 1 FROM ${sql.rows("cv", allItemsCoverage(ctx), { item: "text", version: "text" })}
            WHERE cv."item" = r."item" AND cv."version" = ${c.purposeVersionId}))))`,
    );
  }
  if (rule.referableConfirmation && !ctx.batchReferablePledge) {
    // APPI art. 31(1): the recipient confirmed this person's consent to linking.
    conditions.push(
      `EXISTS (SELECT 1 FROM "ReferablePledge" rp WHERE ${rp.personId} = ${p.id}
        AND ${rp.recipientId} = ${sql.param(recipient.id)}
        AND ${inForce(sql, rp.confirmedAt, rp.withdrawnAt, now)})`,
    );
  }
  return conditions.join("\n  AND ");
}
