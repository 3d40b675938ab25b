/**
 * Logs a staff key's read of provision records (who, when, what filter) before the read
 * happens: whoever reads the log of who received personal data is accountable too. The
 * write is not swallowed: if it fails, the read is refused.
 */
import type { Db } from "../../db/client.js";
import { keyRole, type Principal } from "../keys/authenticate.js";

/** What was read: the records query, an export, a disclosure compilation, the chain check. */
export type RecordAccessAction =
  | "PROVISION_RECORDS_QUERY"
  | "BULK_RECORDS_QUERY"
  | "RECORDS_EXPORT"
  | "DISCLOSURE_COMPILE"
  | "RECORDS_VERIFY";

export interface RecordAccessEntry {
  principal: Pick<Principal, "keyId" | "label" | "role">;
  action: RecordAccessAction;
  /** The filter as given, without empty fields; dates as ISO strings. */
  filter: Record<string, unknown>;
  requestId: string;
  at: Date;
}

const compact = (filter: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(filter)
      .filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );

export async function logRecordAccess(tx: Pick<Db, "recordAccess">, entry: RecordAccessEntry): Promise<void> {
  await tx.recordAccess.create({
    data: {
      at: entry.at,
      apiKeyId: entry.principal.keyId,
      actor: `${entry.principal.role.toLowerCase()}:${entry.principal.label}`,
      role: keyRole(entry.principal),
      action: entry.action,
      filter: compact(entry.filter) as object,
      requestId: entry.requestId,
    },
  });
}
