/** Resolves the `Authorization: Bearer` header to a principal, or a specific 401. */
import { referenceCacheOf } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";
import { teikyoError } from "../../errors.js";
import type { RecipientFacts } from "../../policy/types.js";
import {
  RECIPIENT_CONTEXT_INCLUDE,
  type RecipientContext,
  toRecipientContext,
} from "../recipients/recipient-context.js";
import { RECIPIENT_FACTS_INCLUDE, toRecipientFacts } from "../recipients/recipient-facts.js";
import { loadBatchPledges } from "../recipients/recipient-loader.js";
import { hashSecret, parseApiKey, secretMatches } from "./api-key.js";

export type Role = "PARTNER" | "ANALYTICS" | "COMPLIANCE" | "ADMIN";

export interface Principal {
  keyId: string;
  label: string;
  /** ANONYMOUS: a request without a key, admitted to the public schema only (use-admission.ts). */
  role: Role | "ANONYMOUS";
  /** Set for partner keys: the recipient the key belongs to. */
  recipient: RecipientFacts | null;
  /** For partner keys: the recipient's notices, checks and pledges. */
  recipientContext: RecipientContext | null;
  /** The recipient as provision records keep it (art. 29, R20), whatever later edits do. */
  recipientSnapshot: Record<string, unknown> | null;
}

/** The caller of a request sent without any key: it may use the public schema, nothing else. */
export const ANONYMOUS: Principal = Object.freeze({
  keyId: "-", // never a key id ([a-z0-9]{4,40})
  label: "anonymous",
  role: "ANONYMOUS",
  recipient: null,
  recipientContext: null,
  recipientSnapshot: null,
});

/** The role of a key; an anonymous caller reaching an operation that records one is refused. */
export function keyRole(principal: Pick<Principal, "role">): Role {
  if (principal.role === "ANONYMOUS")
    throw teikyoError("UNAUTHENTICATED", "Missing API key: send the header 'Authorization: Bearer <key>'.");
  return principal.role;
}

// Compared against when the key id is unknown, so that unknown ids cost the same time.
const DUMMY_HASH = hashSecret("unknown", "unknown-secret-value");

/** The key row with everything a request needs of its recipient; cached as reference data. */
async function loadKey(db: Db, id: string) {
  const key = await db.apiKey.findUnique({
    where: { id },
    include: { recipient: { include: { ...RECIPIENT_FACTS_INCLUDE, ...RECIPIENT_CONTEXT_INCLUDE } } },
  });
  if (!key) return null; // unknown ids are not cached: random ones must not fill memory
  const batchPledges = key.recipient ? await loadBatchPledges(db, key.recipient.id) : [];
  return { key, batchPledges };
}

export async function authenticate(db: Db, authorization: string | null, now: Date): Promise<Principal> {
  if (!authorization) {
    throw teikyoError("UNAUTHENTICATED", "Missing API key: send the header 'Authorization: Bearer <key>'.");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const parsed = match ? parseApiKey(match[1] as string) : null;
  if (!parsed) {
    throw teikyoError(
      "UNAUTHENTICATED",
      "Malformed API key: expected 'Authorization: Bearer tk_<id>_<secret>'.",
    );
  }
  const loaded = await referenceCacheOf(db).get(`apiKey:${parsed.id}`, () => loadKey(db, parsed.id));
  const key = loaded?.key ?? null;
  const batchPledges = loaded?.batchPledges ?? [];
  const valid = secretMatches(parsed.id, parsed.secret, key?.secretHash ?? DUMMY_HASH);
  if (!key || !valid) throw teikyoError("UNAUTHENTICATED", "Unknown API key.");
  if (key.revokedAt) {
    throw teikyoError(
      "UNAUTHENTICATED",
      `API key "${key.id}" was revoked on ${key.revokedAt.toISOString()}.`,
    );
  }
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) {
    throw teikyoError("UNAUTHENTICATED", `API key "${key.id}" expired on ${key.expiresAt.toISOString()}.`);
  }
  if (key.role === "PARTNER" && !key.recipient) {
    throw teikyoError("UNAUTHENTICATED", `Partner key "${key.id}" has no recipient: refused.`);
  }
  const recipient = key.role === "PARTNER" ? key.recipient : null;
  return {
    keyId: key.id,
    label: key.label,
    role: key.role,
    recipient: recipient ? toRecipientFacts(recipient) : null,
    recipientContext: recipient ? toRecipientContext(recipient, batchPledges) : null,
    recipientSnapshot: recipient
      ? {
          id: recipient.id,
          name: recipient.name,
          address: recipient.address,
          representative: recipient.representative,
          country: recipient.country,
          legalBasis: recipient.legalBasis,
          foreignRoute: recipient.foreignRoute,
          contractRef: recipient.contractRef,
        }
      : null,
  };
}
