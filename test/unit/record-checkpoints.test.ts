/**
 * Checkpoint signatures and the comparison of a database with its checkpoints, as a table:
 * what the database shows, and which problem (if any) verification must report.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkSignature,
  signCheckpoint,
  signedBytes,
  bodyOf,
} from "../../src/modules/records/checkpoints/checkpoint.js";
import {
  compareWithCheckpoints,
  type DatabaseFacts,
} from "../../src/modules/records/checkpoints/compare-checkpoints.js";
import { trustedKeys } from "../../src/modules/records/checkpoints/signing-key.js";

const { privateKey } = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519").privateKey;
const trusted = trustedKeys(privateKey, []);
const cp = (
  seq: number,
  hash: string,
  purge: { upToSeq: number; anchorHash: string } | null = null,
  key = privateKey,
) => ({
  source: `cp-${seq}.json`,
  checkpoint: signCheckpoint(
    { at: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(), chains: [{ chain: 0, seq, hash, purge }] },
    key,
  ),
});
const facts = (
  lastEventSeq: number,
  hashes: [number, string][],
  purges: { upToSeq: number; anchorHash: string }[] = [],
): DatabaseFacts => new Map([[0, { lastEventSeq, eventHashes: new Map(hashes), purges }]]);

describe("checkpoint signatures", () => {
  it("verify with the signing key, and not after any change or with another key", () => {
    const c = cp(5, "h5").checkpoint;
    expect(checkSignature(c, trusted)).toBe("VALID");
    const moved = { ...c, chains: [{ chain: 0, seq: 4, hash: "h5", purge: null }] };
    expect(checkSignature(moved, trusted)).toBe("BAD_SIGNATURE");
    expect(checkSignature(cp(5, "h5", null, other).checkpoint, trusted)).toBe("UNKNOWN_KEY");
    // The signed bytes are the RFC 8785 form: keys sorted, no white space.
    expect(signedBytes(bodyOf(c)).toString()).toMatch(
      /^\{"at":"[^"]+","chains":\[\{"chain":0,"hash":"h5","purge":null,"seq":5\}\],"keyId":"[0-9a-f]{16}","v":2\}$/,
    );
  });
});

describe("the database against its checkpoints", () => {
  const rows: [string, DatabaseFacts, ReturnType<typeof cp>[], [string, number][]][] = [
    [
      "untouched",
      facts(9, [
        [5, "h5"],
        [9, "h9"],
      ]),
      [cp(5, "h5"), cp(9, "h9")],
      [],
    ],
    [
      "tail deleted, head moved back",
      facts(7, [[5, "h5"]]),
      [cp(5, "h5"), cp(9, "h9")],
      [["RECORDS_MISSING", 9]],
    ],
    ["older backup restored", facts(5, [[5, "h5"]]), [cp(5, "h5"), cp(9, "h9")], [["RECORDS_MISSING", 9]]],
    [
      "tail rewritten with new hashes",
      facts(9, [
        [5, "x5"],
        [9, "x9"],
      ]),
      [cp(5, "h5"), cp(9, "h9")],
      [
        ["EVENT_REWRITTEN", 5],
        ["EVENT_REWRITTEN", 9],
      ],
    ],
    [
      "a signed event deleted from the middle",
      facts(9, [[9, "h9"]]),
      [cp(5, "h5"), cp(9, "h9")],
      [["EVENT_MISSING", 5]],
    ],
    [
      "fake purge anchor",
      facts(9, [[9, "h9"]], [{ upToSeq: 5, anchorHash: "h5" }]),
      [cp(5, "h5"), cp(9, "h9")],
      [["PURGE_NOT_SIGNED", 5]],
    ],
    [
      "signed purge",
      facts(9, [[9, "h9"]], [{ upToSeq: 5, anchorHash: "h5" }]),
      [cp(5, "h5"), cp(9, "h9", { upToSeq: 5, anchorHash: "h5" })],
      [],
    ],
    [
      "signed purge anchor changed",
      facts(9, [[9, "h9"]], [{ upToSeq: 5, anchorHash: "zz" }]),
      [cp(9, "h9", { upToSeq: 5, anchorHash: "h5" })],
      [["PURGE_ANCHOR_CHANGED", 5]],
    ],
    [
      "everything purged legitimately",
      facts(0, [], [{ upToSeq: 9, anchorHash: "h9" }]),
      [cp(9, "h9"), cp(10, "h9b", { upToSeq: 9, anchorHash: "h9" })],
      [["RECORDS_MISSING", 10]],
    ],
    [
      "an untrusted checkpoint is reported and not used",
      facts(5, [[5, "h5"]]),
      [cp(5, "h5"), cp(9, "h9", null, other)],
      [["CHECKPOINT_UNTRUSTED", 9]],
    ],
  ];
  it.each(rows)("%s", (_name, db, checkpoints, expected) => {
    const result = compareWithCheckpoints(db, checkpoints, trusted);
    expect(result.problems.map((p) => [p.problem, p.seq])).toEqual(expected);
  });

  it("checks each chain against its own signed head and names the chain", () => {
    const both = signCheckpoint(
      {
        at: "2026-12-01T01:00:00.000Z",
        chains: [
          { chain: 0, seq: 5, hash: "a5", purge: null },
          { chain: 3, seq: 7, hash: "b7", purge: null },
        ],
      },
      privateKey,
    );
    const db: DatabaseFacts = new Map([
      [0, { lastEventSeq: 6, eventHashes: new Map([[5, "a5"]]), purges: [] }],
      [3, { lastEventSeq: 4, eventHashes: new Map(), purges: [] }],
    ]);
    const result = compareWithCheckpoints(db, [{ source: "both.json", checkpoint: both }], trusted);
    expect(result.problems.map((p) => [p.problem, p.chain, p.seq, p.checkpoint])).toEqual([
      ["RECORDS_MISSING", 3, 7, "both.json"],
    ]);
    // A whole chain gone (its events and head) is missing records too.
    const gone = compareWithCheckpoints(
      new Map([[0, db.get(0)!]]),
      [{ source: "both.json", checkpoint: both }],
      trusted,
    );
    expect(gone.problems.map((p) => [p.problem, p.chain])).toEqual([["RECORDS_MISSING", 3]]);
  });

  it("reads a version 1 checkpoint (one chain, from before sharding) as chain 0", () => {
    const body = {
      v: 1 as const,
      at: "2026-11-30T00:00:00.000Z",
      head: { seq: 9, hash: "h9" },
      purge: null,
      keyId: "",
    };
    body.keyId = cp(1, "x").checkpoint.keyId;
    const v1 = { ...body, signature: sign(null, signedBytes(body), privateKey).toString("base64") };
    expect(checkSignature(v1, trusted)).toBe("VALID");
    const result = compareWithCheckpoints(
      facts(9, [[9, "x9"]]),
      [{ source: "v1.json", checkpoint: v1 }],
      trusted,
    );
    expect(result.problems.map((p) => [p.problem, p.chain, p.seq])).toEqual([["EVENT_REWRITTEN", 0, 9]]);
  });
});
