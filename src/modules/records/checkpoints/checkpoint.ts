/**
 * Signed checkpoints of the provision-record chain (a "signed tree head" in Certificate
 * Transparency's words, RFC 9162): every chain's head and latest retention purge, and the
 * time, in RFC 8785 canonical JSON, signed with an Ed25519 key that is not in the database.
 * Kept outside the database, they let `records verify` notice what a hash chain alone
 * cannot: a tail rewritten with recomputed hashes, a moved head, a fake purge anchor, a
 * truncate or an older backup restored.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../record-hash.js";

/** One chain's state as signed. */
export interface ChainHeadState {
  /** The chain's number. */
  chain: number;
  /** The chain's last event: its number in the chain and hash ("genesis" and 0 when empty). */
  seq: number;
  hash: string;
  /**
   * The chain's latest retention purge: events up to upToSeq are gone, anchorHash continues;
   * at is the time the purge judged retention by (a purge dated after the checkpoint that
   * signs it deleted records early).
   */
  purge: { upToSeq: number; anchorHash: string; at?: string } | null;
  /**
   * The Merkle tree (RFC 6962, merkle-tree.ts) over the hashes of the chain's events
   * after number `from` up to `seq`: those added since the previous checkpoint. Absent
   * when none were.
   */
  tree?: { from: number; size: number; root: string };
}

/** Version 2: the heads of every chain (sharded chains). */
export interface CheckpointBodyV2 {
  v: 2;
  /** When the heads were read (ISO 8601, UTC). */
  at: string;
  /** Every chain, by chain number. */
  chains: ChainHeadState[];
  /** Which key signed it: the first 16 hex digits of SHA-256 over the raw public key. */
  keyId: string;
}

/** Version 1, from before sharded chains: the one chain, which is now chain 0. */
export interface CheckpointBodyV1 {
  v: 1;
  at: string;
  head: { seq: number; hash: string };
  purge: { upToSeq: number; anchorHash: string } | null;
  keyId: string;
}

export type CheckpointBody = CheckpointBodyV1 | CheckpointBodyV2;

/** A body with its Ed25519 signature over canonicalJson(body), base64. */
export type SignedCheckpoint = CheckpointBody & { signature: string };

/** The chains a checkpoint signs, whatever its version. */
export function chainsOf(checkpoint: CheckpointBody): ChainHeadState[] {
  if (checkpoint.v === 1)
    return [
      {
        chain: 0,
        seq: checkpoint.head?.seq ?? 0,
        hash: checkpoint.head?.hash ?? "",
        purge: checkpoint.purge,
      },
    ];
  return Array.isArray(checkpoint.chains) ? checkpoint.chains : [];
}

/** Events ever appended across the chains it signs (for listing). */
export function eventsSigned(checkpoint: CheckpointBody): number {
  return chainsOf(checkpoint).reduce((n, c) => n + c.seq, 0);
}

/** The identifier of an Ed25519 public key: stable, short, and published with the key. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const raw = publicKey.export({ format: "der", type: "spki" });
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

export function bodyOf(checkpoint: SignedCheckpoint): CheckpointBody {
  const { signature: _signature, ...body } = checkpoint;
  return body;
}

/** The exact bytes that are signed: anyone can rebuild them from the JSON file. */
export function signedBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson(body), "utf8");
}

export function signCheckpoint(
  body: Omit<CheckpointBodyV2, "keyId" | "v">,
  privateKey: KeyObject,
): SignedCheckpoint {
  const full: CheckpointBodyV2 = { v: 2, ...body, keyId: keyIdOf(privateKey) };
  return { ...full, signature: sign(null, signedBytes(full), privateKey).toString("base64") };
}

export type SignatureCheck = "VALID" | "UNKNOWN_KEY" | "BAD_SIGNATURE";

/** Checks already made, per checkpoint object and trusted key set: a verify checks each once. */
const checked = new WeakMap<
  SignedCheckpoint,
  { trusted: ReadonlyMap<string, KeyObject>; result: SignatureCheck }
>();

/** Checks a checkpoint's signature against the trusted public keys (by key id). */
export function checkSignature(
  checkpoint: SignedCheckpoint,
  trusted: ReadonlyMap<string, KeyObject>,
): SignatureCheck {
  const known = checked.get(checkpoint);
  if (known?.trusted === trusted) return known.result;
  const key = trusted.get(checkpoint.keyId);
  const result = !key
    ? "UNKNOWN_KEY"
    : verify(null, signedBytes(bodyOf(checkpoint)), key, Buffer.from(checkpoint.signature, "base64"))
      ? "VALID"
      : "BAD_SIGNATURE";
  checked.set(checkpoint, { trusted, result });
  return result;
}
