/**
 * Turns the grants of an executed operation into provision events to record: one event
 * per root field that returned personal data, with each person and the items their data
 * actually contributed (a null item or an empty order history contributed nothing).
 * APPI art. 29, R20: the record says exactly what left: the event's items are the union of
 * the people's items, only people who contributed an item get a row, and an answer that
 * carried no personal datum writes no event.
 */
import { createHash } from "node:crypto";
import type { Context } from "../../context.js";
import { bulkRecordingProblem, keepUntil } from "../../policy/retention.js";
import { ORDER_FIELDS, ORDER_HISTORY_ITEM } from "../people/person-items.js";

const ORDER_ITEMS: ReadonlySet<string> = new Set([ORDER_HISTORY_ITEM, ...ORDER_FIELDS.map((f) => f.item)]);

export interface ProvisionDraft {
  event: {
    id: string;
    at: Date;
    recipientId: string;
    recipientSnapshot: Record<string, unknown>;
    purposeCode: string;
    ground: string;
    legallyRequired: boolean;
    recordKinds: string[];
    country: string;
    foreignRoute: string | null;
    apiKeyId: string;
    requestId: string;
    operationHash: string;
    rootField: string;
    items: string[];
    personCount: number;
    keepUntil: Date;
    /** The policy versions in force (purpose, notice, foreign statement, route C check). */
    purposeVersionId: string | null;
    noticeVersionId: string | null;
    foreignStatementId: string | null;
    conformingCheckId: string | null;
    /** The registered operation run (by hash); absent otherwise, so older hashes still verify. */
    persistedOperationId?: string;
  };
  people: { personId: string; items: readonly string[]; consentId: string | null }[];
  /** Also kept as bulk records (R19(2)); never for opt-out. */
  bulk: boolean;
}

export function operationHash(query: string): string {
  return createHash("sha256").update(query).digest("hex");
}

export async function provisionDrafts(
  ctx: Context,
  data: Record<string, unknown> | null | undefined,
  opHash: string,
  persistedOperationId?: string | null,
): Promise<ProvisionDraft[]> {
  const drafts: ProvisionDraft[] = [];
  let n = 0;
  for (const [responseKey, grant] of ctx.grants) {
    const provided = ctx.provided.get(responseKey) ?? [];
    if (data?.[responseKey] == null || provided.length === 0) continue;
    const wantsOrders = [...grant.inclusion.items].some((i) => ORDER_ITEMS.has(i));
    // Cached by the DataLoader when orders were selected: no extra query.
    const orders = wantsOrders
      ? await ctx.loaders.ordersByPerson.loadMany(provided.map((p) => p.personId))
      : [];
    const people = provided
      .map((p, i) => {
        const hasOrders = Array.isArray(orders[i]) && (orders[i] as unknown[]).length > 0;
        // Already sorted (ProvidedPerson); filtered only when an order item contributed nothing.
        const items =
          hasOrders || !p.items.some((item) => ORDER_ITEMS.has(item))
            ? p.items
            : p.items.filter((item) => !ORDER_ITEMS.has(item));
        return { personId: p.personId, consentId: p.consentId, items };
      })
      .filter((p) => p.items.length > 0);
    if (people.length === 0) continue;
    // The union of the people's items: most people share one list (eligible-people.ts).
    const union = new Set<string>();
    for (const list of new Set(people.map((p) => p.items))) for (const item of list) union.add(item);
    const items = [...union].sort();
    const { recipient, rule: personRule } = grant.inclusion;
    const snapshot = ctx.principal.recipientSnapshot;
    drafts.push({
      event: {
        id: `${ctx.requestId}-${++n}`,
        at: ctx.now,
        recipientId: recipient.id,
        recipientSnapshot: snapshot ?? { name: recipient.name },
        purposeCode: grant.inclusion.purposeCode,
        ground: personRule.ground,
        legallyRequired: personRule.records.some((r) => r !== "NOT_REQUIRED"),
        recordKinds: personRule.records,
        country: recipient.country,
        foreignRoute: recipient.foreignRoute,
        apiKeyId: ctx.principal.keyId,
        requestId: ctx.requestId,
        operationHash: opHash,
        rootField: responseKey,
        items,
        personCount: people.length,
        keepUntil: keepUntil({ kind: "EACH", recordedAt: ctx.now }),
        ...grant.versions,
        ...(persistedOperationId ? { persistedOperationId } : {}),
      },
      people,
      bulk: recipient.bulkRecording === true && bulkRecordingProblem(personRule.ground) === null,
    });
  }
  return drafts;
}
