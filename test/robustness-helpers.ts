/**
 * Helpers for the fuzz, fault-injection and concurrency tests: the gateway with raw control
 * over method, headers and body; record counts and the records a request wrote; a finder of
 * personal data in a response. (Faults in the record write: test/record-faults.ts.)
 */
import { createHash } from "node:crypto";
import { parse, print } from "graphql";
import type { Db } from "../src/db/client.js";
import { PERSON_FIELDS } from "../src/modules/people/person-items.js";
import { createTeikyo } from "../src/yoga.js";
import { NOW } from "./helpers.js";

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

/**
 * The gateway with rate limits out of the way: these tests send thousands of requests from
 * one "address", many with bad keys, and are about what the layers behind admission do.
 */
export function gateway(db: Db, clock: () => Date = () => NOW) {
  return createTeikyo({
    db,
    clock,
    rateLimits: {
      perKey: { points: 1_000_000, durationSeconds: 60 },
      peoplePerKey: { points: 100_000_000, durationSeconds: 60 },
      concurrentPerKey: 10_000,
      failedAuthPerIp: { points: 1_000_000, durationSeconds: 60 },
    },
  });
}

/** The gateway's answers read whole: status, content type, text and parsed JSON. */
export function rawGateway(db: Db, clock: () => Date = () => NOW) {
  const yoga = gateway(db, clock);
  return async function send(path: string, init: RequestInit = {}): Promise<RawResponse> {
    const response = await yoga.fetch(`http://teikyo.test${path}`, init);
    const text = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    let json: unknown;
    if (/json/.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, contentType, text, json };
  };
}

/** A POST of a GraphQL request as a partner's client sends it. */
export function postJson(
  key: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export interface RecordCounts {
  events: number;
  people: number;
  bulk: number;
}

export async function recordCounts(db: Db): Promise<RecordCounts> {
  const [events, people, bulk] = await Promise.all([
    db.provisionEvent.count(),
    db.provisionRecordPerson.count(),
    db.bulkProvisionRecord.count(),
  ]);
  return { events, people, bulk };
}

/** The last event's sequence number (0 before the first): events after it are new. */
export async function lastEventSeq(db: Db): Promise<bigint> {
  const last = await db.provisionEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return last?.seq ?? 0n;
}

export interface WrittenEvent {
  seq: bigint;
  rootField: string;
  recipientId: string;
  requestId: string;
  operationHash: string;
  personIds: string[];
}

export async function eventsAfter(db: Db, seq: bigint): Promise<WrittenEvent[]> {
  const events = await db.provisionEvent.findMany({
    where: { seq: { gt: seq } },
    orderBy: { seq: "asc" },
    include: { people: { select: { personId: true } } },
  });
  return events.map((e) => ({
    seq: e.seq,
    rootField: e.rootField,
    recipientId: e.recipientId,
    requestId: e.requestId,
    operationHash: e.operationHash,
    personIds: e.people.map((p) => p.personId).sort(),
  }));
}

/**
 * The operation hash a provision event carries for this query text (sha256 of the printed
 * document), computed here independently of the writer. A unique operation name per
 * request therefore finds exactly that request's events: the response carries no request id.
 */
export function operationHashOf(query: string): string {
  return createHash("sha256")
    .update(print(parse(query)))
    .digest("hex");
}

/** Customer numbers under `value`, from fields named id (the Person.id field unaliased). */
export function customerIdsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) customerIdsIn(v, into);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "id" && typeof v === "string" && /^C\d{6}$/.test(v)) into.add(v);
      else customerIdsIn(v, into);
    }
  }
  return into;
}

/** Items whose values single out a person (unlike gender, tier or prefecture). */
const IDENTIFYING = [
  "id",
  "fullName",
  "fullNameKana",
  "email",
  "phone",
  "address",
  "cookieId",
  "deviceId",
  "lastIp",
  "driversLicenseNumber",
  "medicalNote",
] as const satisfies readonly (typeof PERSON_FIELDS)[number]["field"][];

/**
 * Finds customers' personal data in any response text, whatever aliases, fragments or
 * transport shaped it: every identifying value of every customer, mapped to its people.
 * Short values (under 6 characters) are skipped: they could occur by chance.
 */
export async function personalDataFinder(db: Db) {
  const people = await db.person.findMany({
    select: Object.fromEntries(IDENTIFYING.map((f) => [f, true])) as Record<
      (typeof IDENTIFYING)[number],
      true
    >,
  });
  const owners = new Map<string, Set<string>>();
  for (const person of people) {
    for (const field of IDENTIFYING) {
      const value = (person as Record<string, unknown>)[field];
      if (typeof value !== "string" || value.length < 6) continue;
      const set = owners.get(value) ?? new Set<string>();
      set.add(person.id);
      owners.set(value, set);
    }
  }
  const values = [...owners.keys()];
  /**
   * The values found in `text` that `request` (what the client sent) does not contain: an
   * error may echo the customer number a client asked for, which gives nothing away.
   */
  return function find(text: string, request = ""): { value: string; people: Set<string> }[] {
    const found: { value: string; people: Set<string> }[] = [];
    // JSON escapes non-ASCII only on request; undo \uXXXX so both spellings match.
    const plain = text.includes("\\u") ? text.replace(/\\u([0-9a-fA-F]{4})/g, unescapeUnit) : text;
    for (const value of values) {
      if (occursWhole(plain, value) && !request.includes(value))
        found.push({ value, people: owners.get(value) as Set<string> });
    }
    return found;
  };
}

/** One address can be the start of another ("…5-23-1" of "…5-23-11"): only whole values count. */
function occursWhole(text: string, value: string): boolean {
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const before = text[at - 1] ?? " ";
    const after = text[at + value.length] ?? " ";
    if (!EXTENDS.test(before) && !EXTENDS.test(after)) return true;
  }
  return false;
}
const EXTENDS = /[\p{L}\p{N}@.\-_]/u;

const unescapeUnit = (_: string, hex: string) => String.fromCharCode(parseInt(hex, 16));
