/**
 * Provision events go to one of TEIKYO_RECORD_CHAINS hash chains, chosen by recipient, so
 * writers for recipients on different chains lock different head rows (docs/decisions/0062).
 * The mapping may change when the setting does: a chain is only where an event was appended,
 * and verification walks every chain it finds.
 */
import { createHash } from "node:crypto";
import { envInt } from "../../env.js";

export const recordChainCount = () => envInt(process.env, "TEIKYO_RECORD_CHAINS", 1, 1);

/** The chain for a recipient: the first 32 bits of SHA-256 of its id, modulo the count. */
export function chainOf(recipientId: string, count = recordChainCount()): number {
  if (count <= 1) return 0;
  return createHash("sha256").update(recipientId).digest().readUInt32BE(0) % count;
}
