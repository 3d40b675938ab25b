/**
 * Checkpoint signatures and the comparison of a database with its checkpoints, as a table:
 * what the database shows, and which problem (if any) verification must report.
 */
import { generateKeyPairSync } from "node:crypto";
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
    { at: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(), head: { seq, hash }, purge },
    key,
  ),
});
const facts = (
  lastEventSeq: number,
  hashes: [number, string][],
  purges: { upToSeq: number; anchorHash: string }[] = [],
): DatabaseFacts => ({
  lastEventSeq,
  eventHashes: new Map(hashes),
  purges,
});

describe("checkpoint signatures", () => {
  it("verify with the signing key, and not after any change or with another key", () => {
    const c = cp(5, "h5").checkpoint;
    expect(checkSignature(c, trusted)).toBe("VALID");
    expect(checkSignature({ ...c, head: { seq: 4, hash: "h5" } }, trusted)).toBe("BAD_SIGNATURE");
    expect(checkSignature(cp(5, "h5", null, other).checkpoint, trusted)).toBe("UNKNOWN_KEY");
    // The signed bytes are the RFC 8785 form: keys sorted, no white space.
    expect(signedBytes(bodyOf(c)).toString()).toMatch(
      /^\{"at":"[^"]+","head":\{"hash":"h5","seq":5\},"keyId":"[0-9a-f]{16}","purge":null,"v":1\}$/,
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
});
