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

/** `binding` (associated data) ties a cursor to who may use it: another binding cannot open it. */
export function encodeCursor(id: string, binding?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  if (binding) cipher.setAAD(Buffer.from(binding, "utf8"));
  const body = Buffer.concat([cipher.update(id, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function decodeCursor(cursor: string, binding?: string): string {
  try {
    const raw = Buffer.from(cursor, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", KEY, raw.subarray(0, 12));
    if (binding) decipher.setAAD(Buffer.from(binding, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw teikyoError(
      "BAD_USER_INPUT",
      "Invalid or expired cursor: pass pageInfo.endCursor from the previous page.",
      {
        argument: "after",
      },
    );
  }
}
