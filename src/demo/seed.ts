/**
 * Fills an empty database with the demo world: catalog, recipients with their scopes,
 * demo keys and synthetic people. Idempotent: does nothing when purposes exist, also when
 * several processes seed at once (PostgreSQL: an advisory lock, then the check again inside
 * the transaction; SQLite: the transaction holds the write lock from BEGIN IMMEDIATE). The
 * transaction may take minutes on a busy machine: it is not bound to Prisma's 5 s default.
 */
import { sqltag as sql } from "@prisma/client/runtime/client";
import { invalidateReferenceData } from "../cache/reference-cache.js";
import type { Db } from "../db/client.js";
import { dialectOf } from "../db/sql-dialect.js";
import { hashSecret } from "../modules/keys/api-key.js";
import { assignStatisticsKeys } from "../modules/statistics/statistics-keys.js";
import { DEMO_ITEMS } from "./items.js";
import { DEMO_ANALYTICS_KEY_ID, DEMO_KEYS } from "./keys.js";
import { DEMO_NOTICES, demoPersonStates, demoPurposeVersionId } from "./person-states.js";
import { generatePeople } from "./people.js";
import { DEMO_PURPOSES } from "./purposes.js";
import { DEMO_RECIPIENTS } from "./recipients.js";

export const DEMO_ACTIVE_FROM = new Date("2024-04-01T00:00:00.000Z");
/** When the demo company announced its purposes and item classes (version 1). */
export const DEMO_ANNOUNCED = new Date("2024-03-01T00:00:00.000Z");
const CHUNK = 500;
/** A generous bound: seeding 1,000 people takes seconds, but machines can be very busy. */
const SEED_TIMEOUT_MS = 10 * 60_000;
/** The seed's advisory lock on PostgreSQL ("TEIKYOSD"). */
const SEED_LOCK = 0x5445494b594f5344n;

export async function seedDemoWorld(db: Db, options: { people?: number } = {}): Promise<boolean> {
  if ((await db.purpose.count()) > 0) return false;
  const { people, orders } = generatePeople(options.people ?? 1000);
  const seeded = await db.$transaction(
    async (tx) => {
      if (dialectOf(db).provider === "postgresql")
        await tx.$queryRaw(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})::text`);
      // Another process may have seeded while this one waited.
      if ((await tx.purpose.count()) > 0) return false;
      // Version 1 of every class and purpose, announced before the demo world's first provision.
      const announced = { announcedAt: DEMO_ANNOUNCED, effectiveFrom: DEMO_ANNOUNCED };
      await tx.dataItem.createMany({ data: DEMO_ITEMS.map(({ class: _, ...item }) => item) });
      await tx.dataItemClassVersion.createMany({
        data: DEMO_ITEMS.map((i) => ({
          id: `ic1-${i.code}`,
          itemCode: i.code,
          version: 1,
          class: i.class,
          ...announced,
        })),
      });
      const classes = new Map(DEMO_ITEMS.map((i) => [i.code, i.class]));
      for (const p of DEMO_PURPOSES) {
        await tx.purpose.create({ data: { code: p.code } });
        await tx.purposeVersion.create({
          data: {
            id: demoPurposeVersionId(p.code),
            purposeCode: p.code,
            version: 1,
            description: p.description,
            descriptionJa: p.descriptionJa,
            ...announced,
            items: { create: p.items.map((itemCode) => ({ itemCode, itemClass: classes.get(itemCode)! })) },
          },
        });
      }
      for (const r of DEMO_RECIPIENTS) {
        const { scopes, ...fields } = r;
        await tx.recipient.create({
          data: {
            ...fields,
            activeFrom: DEMO_ACTIVE_FROM,
            purposes: { create: Object.keys(scopes).map((purposeCode) => ({ purposeCode })) },
            items: {
              create: Object.entries(scopes).flatMap(([purposeCode, items]) =>
                items.map((itemCode) => ({ purposeCode, itemCode })),
              ),
            },
          },
        });
      }
      await tx.apiKey.createMany({
        data: DEMO_KEYS.map((k) => ({
          id: k.id,
          secretHash: hashSecret(k.id, k.secret),
          role: k.role,
          recipientId: k.recipientId,
          label: k.label,
        })),
      });
      for (let i = 0; i < people.length; i += CHUNK) {
        await tx.person.createMany({ data: people.slice(i, i + CHUNK) });
      }
      for (let i = 0; i < orders.length; i += CHUNK) {
        await tx.order.createMany({ data: orders.slice(i, i + CHUNK) });
      }
      const { jointUse, optOut, conformingCheck, foreignStatement } = DEMO_NOTICES;
      await tx.jointUseNotice.create({ data: { id: "jun1-minato-card", version: 1, ...jointUse } });
      await tx.optOutNotice.create({ data: { id: "oon1-tokai-direct", version: 1, ...optOut } });
      await tx.conformingSystemCheck.create({ data: conformingCheck });
      await tx.foreignStatement.create({ data: foreignStatement });
      const states = demoPersonStates(people.length);
      for (const [personId, method] of states.acquisition) {
        await tx.person.update({ where: { id: personId }, data: { acquisitionMethod: method } });
      }
      await tx.consent.createMany({ data: states.consents });
      await tx.consentItem.createMany({ data: states.consentItems });
      await tx.optOutRequest.createMany({ data: states.optOutRequests });
      await tx.referablePledge.createMany({ data: states.pledges });
      await tx.suspensionRequest.createMany({ data: states.suspensions });
      // The demo analytics team may spend epsilon 10 on differentially private statistics.
      await tx.privacyBudget.create({ data: { apiKeyId: DEMO_ANALYTICS_KEY_ID, epsilon: 10 } });
      return true;
    },
    { timeout: SEED_TIMEOUT_MS, maxWait: SEED_TIMEOUT_MS },
  );
  if (!seeded) return false;
  await assignStatisticsKeys(db);
  invalidateReferenceData();
  return true;
}
