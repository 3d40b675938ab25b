/**
 * Tamper evidence for provision records: each event's hash covers its content, its
 * people, and the previous event's hash, so editing, deleting or inserting a record
 * breaks the chain from that point on.
 */
import { createHash } from "node:crypto";

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    // An array of strings (items, record kinds) is written the same by JSON.stringify, faster.
    if (value.every((v) => typeof v === "string")) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface HashedContent {
  event: Record<string, unknown>;
  people: { personId: string; items: readonly string[]; consentId: string | null }[];
}

/**
 * Columns added after records were first written (the policy versions a provision rests
 * on, the registered operation run): hashed only when set, so events written before them still verify, and the writer
 * and the verifier agree here whether a draft has the key or the row has a null.
 */
export const OPTIONAL_EVENT_FIELDS = [
  "purposeVersionId",
  "noticeVersionId",
  "foreignStatementId",
  "conformingCheckId",
  "persistedOperationId",
] as const;

/** The parts of the hashed text, in canonical JSON: the event and its people. */
export interface HashedParts {
  event: string;
  people: string;
  /** `{"event":<event>,"people":<people>}`: what hashedText answers. */
  text: string;
}

/**
 * canonicalJson of one person row ({consentId, items, personId}), written directly: the
 * same text, without sorting keys per person (100 people a request). Anything else (an
 * extra key, an undefined one) takes canonicalJson itself.
 */
function canonicalPerson(p: HashedContent["people"][number]): string {
  if (
    typeof p.personId === "string" &&
    (p.consentId === null || typeof p.consentId === "string") &&
    Array.isArray(p.items) &&
    Object.keys(p).length === 3
  )
    return `{"consentId":${JSON.stringify(p.consentId)},"items":${canonicalJson(p.items)},"personId":${JSON.stringify(p.personId)}}`;
  return canonicalJson(p);
}

/**
 * The hashed text and its two parts (the writer on PostgreSQL sends only the parts: the
 * database rebuilds the text from them and reads the rows from them, so each is made and
 * sent once). hashedText(c) === hashedParts(c).text.
 */
export function hashedParts(content: HashedContent): HashedParts {
  const people = [...content.people].sort((a, b) => (a.personId < b.personId ? -1 : 1));
  const event = { ...content.event };
  for (const field of OPTIONAL_EVENT_FIELDS) if (event[field] == null) delete event[field];
  // canonicalJson({ event, people }): its keys are already in order.
  const eventText = canonicalJson(event);
  const peopleText = `[${people.map(canonicalPerson).join(",")}]`;
  return { event: eventText, people: peopleText, text: `{"event":${eventText},"people":${peopleText}}` };
}

/**
 * The text an event's hash covers after the previous hash: its content and people in
 * canonical JSON. It does not depend on the chain, so it can be made before the head is
 * known (on PostgreSQL the head is locked and the hash finished in the database).
 */
export function hashedText(content: HashedContent): string {
  return hashedParts(content).text;
}

/** SHA-256 of the previous hash, a newline and the hashed text, in hex. */
export function chainHash(prevHash: string, text: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(text).digest("hex");
}

export function eventHash(prevHash: string, content: HashedContent): string {
  return chainHash(prevHash, hashedText(content));
}
