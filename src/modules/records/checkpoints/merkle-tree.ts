/**
 * Merkle trees as in RFC 6962 section 2.1 (Certificate Transparency), SHA-256: a leaf is
 * hashed as SHA-256(0x00 || data), an inner node as SHA-256(0x01 || left || right), and a
 * tree of n leaves splits at the largest power of two below n. A leaf's data here is the
 * 32 bytes of a provision event's hash, so an audit path proves that an event is among
 * those a signed checkpoint covers.
 */
import { createHash } from "node:crypto";

const sha256 = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();

export const leafHash = (data: Buffer) => sha256(Buffer.of(0), data);
export const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.of(1), left, right);

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH over leaf hashes (already hashed with leafHash), level by level: pairing neighbours
 * and carrying an odd last node up unchanged gives the same tree as RFC 6962's split.
 */
export function treeRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level.at(-1)!);
    level = next;
  }
  return level[0]!;
}

/** PATH(m, D[n]): the sibling hashes from leaf m up to the root, bottom first. */
export function auditPath(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...auditPath(index, leaves.slice(0, k)), treeRoot(leaves.slice(k))]
    : [...auditPath(index - k, leaves.slice(k)), treeRoot(leaves.slice(0, k))];
}

/** The root an audit path leads to (RFC 9162 section 2.1.3.2), to check a proof. */
export function rootFromPath(
  index: number,
  size: number,
  leaf: Buffer,
  path: readonly Buffer[],
): Buffer | null {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else r = nodeHash(r, p);
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? r : null;
}

/** Leaf hashes of events, from their hex hashes. */
export const eventLeaves = (hashes: readonly string[]) => hashes.map((h) => leafHash(Buffer.from(h, "hex")));

/**
 * MTH computed leaf by leaf in O(log n) memory, for verifying a signed root while walking
 * the events: RFC 6962's tree of n leaves is the perfect subtrees of n's binary digits,
 * largest first, joined from the right, so a stack of perfect subtree roots suffices.
 */
export class MerkleStream {
  private readonly stack: { size: number; hash: Buffer }[] = [];
  size = 0;

  push(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.stack.length && this.stack.at(-1)!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return sha256();
    let acc = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i]!.hash, acc);
    return acc;
  }
}
