/**
 * The partner query of the benchmark: Hayate Logistics (entrustee, art. 27(5)(i)) asks for
 * people for "delivery" with 8 fields: 6 of the person (id, fullName, postalCode,
 * prefecture, address, phone) and 2 of each nested order (orderedAt, product). Its scope
 * (src/demo/recipients.ts) allows exactly these items. The control serves the same text.
 */
import { DEMO_KEYS, demoKeyString } from "../../src/demo/keys.js";
import type { GraphQLRequest } from "./gw-load.js";

const hayate = DEMO_KEYS.find((k) => k.id === "demohayate");
if (!hayate) throw new Error("The demo key of Hayate Logistics is missing from src/demo/keys.ts.");
export const PARTNER_HEADERS = { authorization: `Bearer ${demoKeyString(hayate)}` };

const compliance = DEMO_KEYS.find((k) => k.id === "democompliance");
if (!compliance) throw new Error("The demo compliance key is missing from src/demo/keys.ts.");
export const COMPLIANCE_HEADERS = { authorization: `Bearer ${demoKeyString(compliance)}` };

const FIELDS =
  "edges { node { id fullName postalCode prefecture address phone orders { orderedAt product } } } pageInfo { hasNextPage endCursor }";

/** One page of `first` people (at most 500, Teikyo's page size limit). */
export function peopleRequest(first: number): GraphQLRequest {
  return {
    query: `query Partner { people(purpose: "delivery", first: ${first}) { ${FIELDS} } }`,
    headers: PARTNER_HEADERS,
  };
}

/**
 * The same page for the PostGraphile peer (bench/lib/gw-peer.ts), in its schema's words,
 * aliased to Teikyo's: the same people in the same order (by customer number), the same 8
 * fields, each person's orders in the order of their keys. No API key: the peer's database
 * role is the partner.
 */
export function peerPeopleRequest(first: number): GraphQLRequest {
  return {
    query: `query Partner { people: allPeople(first: ${first}, orderBy: PRIMARY_KEY_ASC) { edges { node { id: rowId fullName postalCode prefecture address phone orders: ordersByPersonId { nodes { orderedAt product } } } } pageInfo { hasNextPage endCursor } } }`,
  };
}

/**
 * Two pages in one request (two aliased root fields, the second after `cursor`): how a
 * partner gets more people in one request than one page holds.
 */
export function twoPagesRequest(first: number, cursor: string): GraphQLRequest {
  return {
    query: `query Partner { a: people(purpose: "delivery", first: ${first}) { ${FIELDS} } b: people(purpose: "delivery", first: ${first}, after: ${JSON.stringify(cursor)}) { ${FIELDS} } }`,
    headers: PARTNER_HEADERS,
  };
}

interface Page {
  /** orders: a list (Teikyo, the control) or { nodes } (the peer). */
  edges: { node: { id: string; orders: unknown } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The pages of an answer, or an error naming what came back instead. */
export function pagesOf(name: string, status: number, json: Record<string, unknown>): Page[] {
  const data = json.data as Record<string, Page | null> | undefined;
  if (status !== 200 || json.errors || !data) {
    throw new Error(`${name}: HTTP ${status}: ${JSON.stringify(json.errors ?? json).slice(0, 600)}`);
  }
  return Object.values(data).filter((p): p is Page => p !== null);
}
