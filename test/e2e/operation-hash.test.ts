/**
 * A provision record names the operation by hash: SHA-256 of the printed operation the
 * partner sent. The gateway reads a purpose string as the purpose enum, so two texts can
 * run as one document; the hash is made once per document and sent text, and each record
 * still carries the hash of its own text, request after request.
 */
import { createHash } from "node:crypto";
import { parse, print } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { client, demoKey, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");
const hashOf = (text: string) =>
  createHash("sha256")
    .update(print(parse(text)))
    .digest("hex");

describe("operation hash of a provision record", () => {
  let gql: Awaited<ReturnType<typeof client>>;
  let db: Db;
  beforeAll(async () => {
    db = await testDb();
    gql = await client({ db });
  });

  async function hashRecorded(rootField: string): Promise<string[]> {
    const events = await db.provisionEvent.findMany({
      where: { rootField },
      orderBy: { seq: "asc" },
      select: { operationHash: true },
    });
    return events.map((e) => e.operationHash);
  }

  it("is the hash of the text sent, for a purpose as a string and as the enum, each time", async () => {
    const asString = `{ opHashA: people(purpose: "delivery", first: 1) { edges { node { id } } } }`;
    // The enum form as the gateway prints its reading of the string form: the same document.
    const asEnum = print(parse(`{ opHashA: people(purpose: delivery, first: 1) { edges { node { id } } } }`));
    const sent = [asString, asEnum, asString, asEnum, asString];
    for (const text of sent) {
      const res = await gql(hayate, text);
      expect(res.body.errors).toBeUndefined();
    }
    expect(hashOf(asString)).not.toBe(hashOf(asEnum));
    expect(await hashRecorded("opHashA")).toEqual(sent.map(hashOf));
  });
});
