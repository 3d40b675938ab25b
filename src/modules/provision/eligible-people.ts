/**
 * Reads the people a grant may include: the database filters with the inclusion rule in
 * SQL form (one statement per page, people.sql.ts), and each row is checked again with
 * the pure decidePerson (the authority): a row it excludes is dropped, never provided.
 */
import type { Context } from "../../context.js";
import { sqlDriverOf } from "../../db/sql-driver.js";
import { jsonOf } from "../../db/sql-text.js";
import {
  CONSENT,
  decoded,
  decodedColumns,
  OPT_OUT_REQUEST,
  PERSON,
  REFERABLE_PLEDGE,
  SUSPENSION_REQUEST,
} from "../../db/tables.js";
import type { Grant, ProvidedPerson } from "./grant.js";
import { decidePerson, type AcquisitionMethod, type PersonState } from "../../policy/person-inclusion.js";
import { inSpan } from "../../observability/spans.js";
import { ordersOf } from "../people/loaders.js";
import { type PeopleFilter, grantedColumns, peoplePageStatement } from "../people/people.sql.js";
import { ORDER_HISTORY_ITEM, PERSON_FIELDS } from "../people/person-items.js";
import type { PersonRow } from "../people/person.type.js";

const PERSON_ITEM_FIELD = new Map<string, string>(PERSON_FIELDS.map((f) => [f.item, f.field]));

interface ItemFields {
  /** The granted items, sorted. */
  all: readonly string[];
  /** Each with the person field it comes from (none: an order item). */
  fields: readonly { item: string; field: string | undefined }[];
}

function itemFields(items: ReadonlySet<string>): ItemFields {
  const all = [...items].sort();
  return { all, fields: all.map((item) => ({ item, field: PERSON_ITEM_FIELD.get(item) })) };
}

/**
 * The granted items this person's row actually has (a null field contributes nothing), in
 * sorted order. Order items are settled when recording. Most rows have every field: they
 * share one list.
 */
function contributedItems(items: ItemFields, row: Record<string, unknown>): readonly string[] {
  const has = ({ field }: ItemFields["fields"][number]) => field === undefined || row[field] != null;
  return items.fields.every(has) ? items.all : items.fields.filter(has).map((f) => f.item);
}

/** No rows: one shared empty list (most people have no suspension, consent or opt-out rows). */
const NONE: readonly never[] = Object.freeze([]);

function list<C extends Parameters<typeof decoded>[1]>(
  value: unknown,
  columns: C,
): readonly Record<string, unknown>[] {
  const rows = (value === "[]" ? NONE : (jsonOf(value) ?? NONE)) as Record<string, unknown>[];
  return rows.length === 0 ? NONE : rows.map((r) => decoded(r, columns));
}

/** Consents with their items; decidePerson names the first that matches, so in id order, as a fixed rule. */
function consentsOf(value: unknown): PersonState["consents"] {
  const consents = list(value, CONSENT);
  if (consents.length === 0) return NONE;
  return consents
    .map((c) => ({ ...c, items: (jsonOf(c.items) ?? []) as string[] }))
    .sort((a, b) =>
      String((a as { id?: unknown }).id) < String((b as { id?: unknown }).id) ? -1 : 1,
    ) as unknown as PersonState["consents"];
}

/** What decidePerson needs of a page row; state the statement did not read is empty. */
export function stateOf(row: Record<string, unknown>): PersonState {
  return {
    id: String(row.id),
    acquisitionMethod: row.acquisitionMethod as AcquisitionMethod,
    suspensions: list(row.suspensions, SUSPENSION_REQUEST) as unknown as PersonState["suspensions"],
    consents: consentsOf(row.consents),
    optOutRequests: list(row.optOutRequests, OPT_OUT_REQUEST) as unknown as PersonState["optOutRequests"],
    referablePledges: list(
      row.referablePledges,
      REFERABLE_PLEDGE,
    ) as unknown as PersonState["referablePledges"],
  };
}

export async function findEligiblePeople(
  ctx: Context,
  grant: Grant,
  args: { filter: PeopleFilter; take: number },
): Promise<EligiblePeople> {
  const { recipient, purposeCode, items } = grant.inclusion;
  const attributes = {
    "teikyo.recipient": recipient.id,
    "teikyo.purpose": purposeCode,
    "teikyo.items": items.size,
    "teikyo.people.limit": args.take,
  };
  return inSpan(ctx, "teikyo.people_read", attributes, async (span) => {
    const driver = sqlDriverOf(ctx.db);
    // The operation asks for orders (the scope check let it): read them with the page.
    const withOrders = items.has(ORDER_HISTORY_ITEM);
    const rows = await driver.all(
      peoplePageStatement(driver.provider, grant.inclusion, args.filter, args.take, withOrders),
    );
    const included = includeEach(rows, grant);
    if (withOrders) primeOrders(ctx, rows, included);
    span?.setAttributes({
      "teikyo.people.read": rows.length,
      "teikyo.people.included": included.people.length,
    });
    return included;
  });
}

/** The people the pure rule includes, in order, and what each would be provided on (same index). */
export interface EligiblePeople {
  people: PersonRow[];
  provided: ProvidedPerson[];
}

/** Primes the orders loader with the included people's orders, read with the page: their resolvers find them there. */
function primeOrders(ctx: Context, rows: Record<string, unknown>[], included: EligiblePeople) {
  const ids = new Set(included.people.map((p) => p.id));
  for (const row of rows) {
    const id = String(row.id);
    if (ids.has(id)) ctx.loaders.ordersByPerson.prime(id, ordersOf(id, row.orders));
  }
}

function includeEach(rows: Record<string, unknown>[], grant: Grant): EligiblePeople {
  const columns = grantedColumns(grant.inclusion.items);
  const items = itemFields(grant.inclusion.items);
  const included: EligiblePeople = { people: [], provided: [] };
  for (const row of rows) {
    const inclusion = decidePerson(stateOf(row), grant.inclusion);
    if (!inclusion.included) continue;
    // Only the granted columns reach the resolvers.
    const person = decodedColumns(row, PERSON, columns) as PersonRow;
    included.provided.push({
      personId: person.id,
      consentId: inclusion.consentId,
      items: contributedItems(items, person),
    });
    included.people.push(person);
  }
  return included;
}
