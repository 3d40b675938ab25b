/**
 * Opaque page cursors. A cursor must not hand out the customer number to a recipient
 * whose scope lacks it, so it is encrypted (AES-256-GCM). Set TEIKYO_CURSOR_KEY
 * (32 bytes, base64) when several replicas serve the same clients; otherwise a key is
 * drawn at start and cursors last as long as the process.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { teikyoError } from "../../errors.js";

const KEY = process.env.TEIKYO_CURSOR_KEY
  ? Buffer.from(process.env.TEIKYO_CURSOR_KEY, "base64")
  : randomBytes(32);
if (KEY.length !== 32) throw new Error("TEIKYO_CURSOR_KEY must be 32 bytes, base64-encoded.");

/**
 * What a people cursor is bound to: the key it was issued to and the purpose it was issued
 * for. Another key (the opt-out broker, whose scope has no customer number) or the same
 * key under another purpose cannot use it to position itself at a customer.
 */
export const peopleCursorBinding = (keyId: string, purpose: string) => `people:${keyId}:${purpose}`;

/** `binding` (associated data) ties a cursor to who may use it: another binding cannot open it. */
export function encodeCursor(id: string, binding: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  cipher.setAAD(Buffer.from(binding, "utf8"));
  const body = Buffer.concat([cipher.update(id, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function decodeCursor(cursor: string, binding: string): string {
  try {
    const raw = Buffer.from(cursor, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", KEY, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(binding, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    // A wrong binding and an altered cursor look the same to AES-GCM: one answer for both.
    throw teikyoError(
      "BAD_USER_INPUT",
      "Invalid cursor: a cursor works only for the API key and purpose it was issued to, and only until the gateway's cursor key changes. Pass pageInfo.endCursor from the previous page of the same query.",
      { argument: "after", reason: "CURSOR_NOT_VALID" },
    );
  }
}
