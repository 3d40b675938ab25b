/**
 * Reads the people a grant may include: the database filters with the inclusion rule in
 * `where` form, and each row is checked again with the pure decidePerson (the authority).
 * Person-level state comes in the same Prisma call as the page, never one query per person.
 */
import type { Context } from "../../context.js";
import type { Prisma } from "../../db/client.js";
import type { Grant } from "../../plugins/grant.js";
import { decidePerson, type InclusionContext, type PersonState } from "../../policy/person-inclusion.js";
import { personInclusionWhere } from "../../policy/person-inclusion-where.js";
import { inSpan } from "../../observability/spans.js";
import { PERSON_FIELDS, personSelect } from "./person-items.js";

const PERSON_ITEM_FIELD = new Map<string, string>(PERSON_FIELDS.map((f) => [f.item, f.field]));

/** The granted items this person's row actually has (a null field contributes nothing). */
function contributedItems(items: ReadonlySet<string>, row: Record<string, unknown>): string[] {
  return [...items].filter((item) => {
    const field = PERSON_ITEM_FIELD.get(item);
    return field === undefined || row[field] != null; // order items are settled when recording
  });
}
import type { PersonRow } from "./person.type.js";

export const PERSON_STATE_SELECT = {
  acquisitionMethod: true,
  consents: {
    select: {
      id: true,
      recipientId: true,
      recipientGroup: true,
      purposeCode: true,
      purposeVersionId: true,
      allItems: true,
      foreignStatementId: true,
      givenAt: true,
      withdrawnAt: true,
      items: { select: { itemCode: true } },
    },
  },
  optOutRequests: { select: { recipientId: true, receivedAt: true, withdrawnAt: true } },
  suspensionRequests: {
    select: {
      scope: true,
      recipientId: true,
      purposeCode: true,
      ground: true,
      receivedAt: true,
      liftedAt: true,
    },
  },
  referablePledges: { select: { recipientId: true, confirmedAt: true, withdrawnAt: true } },
} satisfies Prisma.PersonSelect;

type StateRow = Prisma.PersonGetPayload<{ select: typeof PERSON_STATE_SELECT }> & { id: string };

/**
 * Only the state the operation's rule consults (decidePerson reads consents only when
 * consent is required, opt-out requests only for opt-out, pledges only for art. 31), so an
 * entrustee's page costs two queries, not six. The rest reads as empty.
 */
export function personStateSelect(ctx: InclusionContext) {
  const { rule } = ctx;
  return {
    acquisitionMethod: true,
    suspensionRequests: PERSON_STATE_SELECT.suspensionRequests,
    ...(rule.consent !== "NONE" ? { consents: PERSON_STATE_SELECT.consents } : {}),
    ...(rule.optOut ? { optOutRequests: PERSON_STATE_SELECT.optOutRequests } : {}),
    ...(rule.referableConfirmation && !ctx.batchReferablePledge
      ? { referablePledges: PERSON_STATE_SELECT.referablePledges }
      : {}),
  } satisfies Prisma.PersonSelect;
}

export function toPersonState(
  row: Partial<StateRow> & Pick<StateRow, "id" | "acquisitionMethod">,
): PersonState {
  return {
    id: row.id,
    acquisitionMethod: row.acquisitionMethod,
    consents: (row.consents ?? []).map(({ items, ...c }) => ({ ...c, items: items.map((i) => i.itemCode) })),
    optOutRequests: row.optOutRequests ?? [],
    suspensions: row.suspensionRequests ?? [],
    referablePledges: row.referablePledges ?? [],
  };
}

export async function findEligiblePeople(
  ctx: Context,
  grant: Grant,
  args: { where: Prisma.PersonWhereInput; take: number },
): Promise<PersonRow[]> {
  const { recipient, purposeCode, items } = grant.inclusion;
  const attributes = {
    "teikyo.recipient": recipient.id,
    "teikyo.purpose": purposeCode,
    "teikyo.items": items.size,
    "teikyo.people.limit": args.take,
  };
  return inSpan(ctx, "teikyo.people_read", attributes, async (span) => {
    const rows = (await ctx.db.person.findMany({
      select: { ...personSelect(items), ...personStateSelect(grant.inclusion) },
      where: { AND: [args.where, personInclusionWhere(grant.inclusion) as Prisma.PersonWhereInput] },
      orderBy: { id: "asc" },
      take: args.take,
    })) as unknown as (StateRow & PersonRow)[];
    const included = includeEach(rows, grant);
    span?.setAttributes({ "teikyo.people.read": rows.length, "teikyo.people.included": included.length });
    return included;
  });
}

/** The rows the pure rule includes, each noted in the grant with what it contributes. */
function includeEach(rows: (StateRow & PersonRow)[], grant: Grant): PersonRow[] {
  return rows.filter((row) => {
    const inclusion = decidePerson(toPersonState(row), grant.inclusion);
    if (inclusion.included) {
      grant.provided.push({
        personId: row.id,
        consentId: inclusion.consentId,
        items: contributedItems(grant.inclusion.items, row),
      });
    }
    return inclusion.included;
  });
}
