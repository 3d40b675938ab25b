/**
 * The Merkle tree of checkpoints against RFC 6962's recursive definition: the level-by-level
 * root equals MTH for every size, and every leaf's audit path leads back to it (and a wrong
 * leaf's does not).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  auditPath,
  leafHash,
  MerkleStream,
  nodeHash,
  rootFromPath,
  treeRoot,
} from "../../src/modules/records/checkpoints/merkle-tree.js";

/** MTH as RFC 6962 section 2.1 writes it. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe("Merkle tree (RFC 6962)", () => {
  it("has the recursive definition's root and a verifiable path for every leaf, sizes 1 to 33", () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) =>
        leafHash(createHash("sha256").update(String(i)).digest()),
      );
      const root = treeRoot(leaves);
      expect(root.equals(mth(leaves))).toBe(true);
      for (let i = 0; i < n; i++) {
        const path = auditPath(i, leaves);
        expect(rootFromPath(i, n, leaves[i]!, path)?.equals(root)).toBe(true);
        const wrong = leafHash(Buffer.from("x"));
        expect(rootFromPath(i, n, wrong, path)?.equals(root) ?? false).toBe(false);
      }
    }
  });

  it("hashes leaves and nodes with distinct prefixes (no second-preimage across levels)", () => {
    const a = Buffer.alloc(32, 1);
    expect(leafHash(Buffer.concat([a, a])).equals(nodeHash(a, a))).toBe(false);
  });

  it("computes the same root leaf by leaf (as records verify does while walking), sizes 1 to 70", () => {
    const leaves: Buffer[] = [];
    const stream = new MerkleStream();
    for (let n = 1; n <= 70; n++) {
      const leaf = leafHash(createHash("sha256").update(String(n)).digest());
      leaves.push(leaf);
      stream.push(leaf);
      expect(stream.root().toString("hex")).toBe(mth(leaves).toString("hex"));
    }
    expect(new MerkleStream().root().equals(treeRoot([]))).toBe(true);
  });
});
