/**
 * hashedText writes a person row directly instead of through canonicalJson; the text must
 * be canonicalJson's, byte for byte, for any row: the three keys with any values, an extra
 * key, a missing or undefined one, items that are not strings, Unicode ids.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  hashedParts,
  hashedText,
  OPTIONAL_EVENT_FIELDS,
  type HashedContent,
} from "../../src/modules/records/record-hash.js";

/** The definition before the fast path: the whole content through canonicalJson. */
function reference(content: HashedContent): string {
  const people = [...content.people].sort((a, b) => (a.personId < b.personId ? -1 : 1));
  const event = { ...content.event };
  for (const field of OPTIONAL_EVENT_FIELDS) if (event[field] == null) delete event[field];
  return canonicalJson({ event, people });
}

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("", "同意-1", "C000001"));
const person = fc.oneof(
  fc.record({ personId: text, items: fc.array(text), consentId: fc.option(text, { nil: null }) }),
  // Rows the fast path must hand to canonicalJson.
  fc.record(
    {
      personId: text,
      items: fc.array(fc.oneof(text, fc.integer(), fc.constant(null))),
      consentId: fc.option(text, { nil: undefined }),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ["personId", "items"] },
  ),
);
const event = fc.record({
  id: text,
  at: fc.date({ noInvalidDate: true }),
  recipientSnapshot: fc.dictionary(text, fc.jsonValue()),
  items: fc.array(text),
  personCount: fc.integer(),
  purposeVersionId: fc.option(text),
  persistedOperationId: fc.option(text, { nil: undefined }),
});

describe("hashedText", () => {
  it("is canonicalJson of the event and its people, for any rows", () => {
    fc.assert(
      fc.property(event, fc.array(person, { maxLength: 8 }), (e, people) => {
        const content = { event: e, people } as unknown as HashedContent;
        const parts = hashedParts(content);
        expect(hashedText(content)).toBe(reference(content));
        expect(parts.text).toBe(`{"event":${parts.event},"people":${parts.people}}`);
        expect(JSON.parse(parts.text)).toEqual(JSON.parse(reference(content)));
      }),
      { numRuns: 500 },
    );
  });
});
