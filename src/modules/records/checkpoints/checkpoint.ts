/**
 * Signed checkpoints of the provision-record chain (a "signed tree head" in Certificate
 * Transparency's words, RFC 9162): the chain's head, the latest retention purge and the
 * time, in RFC 8785 canonical JSON, signed with an Ed25519 key that is not in the database.
 * Kept outside the database, they let `records verify` notice what a hash chain alone
 * cannot: a tail rewritten with recomputed hashes, a moved head, a fake purge anchor, a
 * truncate or an older backup restored.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson } from "../record-hash.js";

export interface CheckpointBody {
  /** Format version of this body. */
  v: 1;
  /** When the head was read (ISO 8601, UTC). */
  at: string;
  /** The chain's last event: its sequence number and hash ("genesis" and 0 when empty). */
  head: { seq: number; hash: string };
  /** The latest retention purge: events up to upToSeq are gone, anchorHash continues. */
  purge: { upToSeq: number; anchorHash: string } | null;
  /** Which key signed it: the first 16 hex digits of SHA-256 over the raw public key. */
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 signature over canonicalJson(body), base64. */
  signature: string;
}

/** The identifier of an Ed25519 public key: stable, short, and published with the key. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const raw = publicKey.export({ format: "der", type: "spki" });
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

export function bodyOf(checkpoint: SignedCheckpoint): CheckpointBody {
  const { v, at, head, purge, keyId } = checkpoint;
  return { v, at, head, purge, keyId };
}

/** The exact bytes that are signed: anyone can rebuild them from the JSON file. */
export function signedBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson(body), "utf8");
}

export function signCheckpoint(
  body: Omit<CheckpointBody, "keyId" | "v">,
  privateKey: KeyObject,
): SignedCheckpoint {
  const full: CheckpointBody = { v: 1, ...body, keyId: keyIdOf(privateKey) };
  return { ...full, signature: sign(null, signedBytes(full), privateKey).toString("base64") };
}

export type SignatureCheck = "VALID" | "UNKNOWN_KEY" | "BAD_SIGNATURE";

/** Checks a checkpoint's signature against the trusted public keys (by key id). */
export function checkSignature(
  checkpoint: SignedCheckpoint,
  trusted: ReadonlyMap<string, KeyObject>,
): SignatureCheck {
  const key = trusted.get(checkpoint.keyId);
  if (!key) return "UNKNOWN_KEY";
  const ok = verify(null, signedBytes(bodyOf(checkpoint)), key, Buffer.from(checkpoint.signature, "base64"));
  return ok ? "VALID" : "BAD_SIGNATURE";
}
