/**
 * API key format and hashing. A key is `tk_<id>_<secret>`: the id finds the row, the
 * secret is checked against a SHA-256 hash (keys are 192-bit random, so a fast hash is
 * enough; a slow password hash would only cost latency). Comparison is timing-safe.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const KEY_PATTERN = /^tk_([a-z0-9]{4,40})_([A-Za-z0-9_-]{16,128})$/;

export interface ParsedKey {
  id: string;
  secret: string;
}

export function parseApiKey(key: string): ParsedKey | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1] as string, secret: match[2] as string } : null;
}

export function hashSecret(id: string, secret: string): string {
  return createHash("sha256").update(`${id}:${secret}`).digest("hex");
}

export function secretMatches(id: string, secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(id, secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function generateApiKey(): { id: string; secret: string; key: string } {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(24).toString("base64url");
  return { id, secret, key: `tk_${id}_${secret}` };
}

export function formatApiKey(id: string, secret: string): string {
  return `tk_${id}_${secret}`;
}
