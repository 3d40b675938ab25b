/** Creating, revoking and listing API keys (CLI and admin use); every change is audited. */
import { invalidateReferenceData } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";
import { type Actor, audit } from "../audit/audit.js";
import { generateApiKey, hashSecret } from "./api-key.js";
import type { Role } from "./authenticate.js";

export interface NewKey {
  role: Role;
  recipientId?: string | null;
  label: string;
  expiresAt?: Date | null;
}

export class KeyInputError extends Error {}

export async function createKey(db: Db, actor: Actor, input: NewKey): Promise<{ id: string; key: string }> {
  if (input.role === "PARTNER" && !input.recipientId)
    throw new KeyInputError("A partner key needs --recipient.");
  if (input.role !== "PARTNER" && input.recipientId) {
    throw new KeyInputError(
      `Only partner keys belong to a recipient; a ${input.role.toLowerCase()} key does not.`,
    );
  }
  if (input.expiresAt && Number.isNaN(input.expiresAt.getTime()))
    throw new KeyInputError("Invalid expiry date.");
  const { id, secret, key } = generateApiKey();
  await db.$transaction(async (tx) => {
    if (input.recipientId && !(await tx.recipient.findUnique({ where: { id: input.recipientId } }))) {
      throw new KeyInputError(`Recipient "${input.recipientId}" does not exist.`);
    }
    const row = await tx.apiKey.create({
      data: {
        id,
        secretHash: hashSecret(id, secret),
        role: input.role,
        recipientId: input.recipientId ?? null,
        label: input.label,
        expiresAt: input.expiresAt ?? null,
      },
    });
    const { secretHash: _hidden, ...shown } = row;
    await audit(tx, actor, "apiKey.create", "ApiKey", id, null, shown);
  });
  invalidateReferenceData();
  return { id, key };
}

export async function revokeKey(db: Db, actor: Actor, id: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id }, omit: { secretHash: true } });
    if (!before) throw new KeyInputError(`API key "${id}" does not exist.`);
    if (before.revokedAt)
      throw new KeyInputError(`API key "${id}" was already revoked on ${before.revokedAt.toISOString()}.`);
    const after = await tx.apiKey.update({
      where: { id },
      data: { revokedAt: now },
      omit: { secretHash: true },
    });
    await audit(tx, actor, "apiKey.revoke", "ApiKey", id, before, after);
  });
  invalidateReferenceData();
}

export function listKeys(db: Db) {
  return db.apiKey.findMany({ omit: { secretHash: true }, orderBy: [{ role: "asc" }, { id: "asc" }] });
}
