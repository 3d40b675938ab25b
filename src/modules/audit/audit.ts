/** Writes one audit event (who, when, before, after) inside the caller's transaction. */
import type { Db } from "../../db/client.js";
import type { Principal } from "../keys/authenticate.js";

type Tx = Pick<Db, "auditEvent">;

/** Who made a change: an API key's principal, or the CLI (no key). */
export type Actor = Pick<Principal, "role" | "label"> & { keyId: string | null };

export const CLI_ACTOR: Actor = { keyId: null, role: "ADMIN", label: "cli" };

export async function audit(
  tx: Tx,
  principal: Actor,
  action: string,
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorKeyId: principal.keyId,
      actor: `${principal.role.toLowerCase()}:${principal.label}`,
      action,
      entity,
      entityId,
      before: before === null ? undefined : JSON.parse(JSON.stringify(before)),
      after: after === null ? undefined : JSON.parse(JSON.stringify(after)),
    },
  });
}
