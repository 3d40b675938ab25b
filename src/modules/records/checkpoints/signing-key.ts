/**
 * The checkpoint signing key and the public keys a verifier trusts. The private key must
 * live outside the database (a file readable only by the gateway, or a secret store
 * passed in the environment): an insider who can write the database but not read this key
 * cannot forge a checkpoint. Rotating: start signing with a new key and keep the old
 * public key in the trusted list, so earlier checkpoints still verify.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { keyIdOf } from "./checkpoint.js";

/** Reads a PEM (PKCS#8) Ed25519 private key from its text or a file. */
export function loadSigningKey(source: { pem?: string; file?: string }): KeyObject | null {
  const pem = source.pem ?? (source.file ? readFileSync(source.file, "utf8") : undefined);
  if (!pem) return null;
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`The checkpoint signing key must be Ed25519; got ${key.asymmetricKeyType}.`);
  return key;
}

/**
 * The embedded demo's key: made on first start next to the SQLite database, never in it.
 * Production sets TEIKYO_CHECKPOINT_KEY_FILE (or _KEY) to a key kept elsewhere.
 */
export function ensureLocalSigningKey(file: string): KeyObject {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    writeFileSync(file, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return loadSigningKey({ file })!;
}

/** Public key PEM of a signing key, to publish and to hand to auditors. */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ format: "pem", type: "spki" }).toString();
}

/** Trusted public keys by key id: the signing key's own and any listed PEM files. */
export function trustedKeys(
  signing: KeyObject | null,
  publicKeyFiles: readonly string[],
): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (signing) {
    const pub = createPublicKey(signing);
    keys.set(keyIdOf(pub), pub);
  }
  for (const file of publicKeyFiles) {
    const pub = createPublicKey(readFileSync(file, "utf8"));
    keys.set(keyIdOf(pub), pub);
  }
  return keys;
}
