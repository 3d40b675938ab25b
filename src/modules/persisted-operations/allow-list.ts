/** A recipient's allow list as requests need it: cached as reference data, like its key. */
import { referenceCacheOf } from "../../cache/reference-cache.js";
import type { Db } from "../../db/client.js";

export interface AllowList {
  /** Only registered operations may run. */
  only: boolean;
  /** Registered operation texts by hash. */
  operations: ReadonlyMap<string, string>;
}

export function allowListOf(db: Db, recipientId: string): Promise<AllowList> {
  return referenceCacheOf(db).get(`allowList:${recipientId}`, async () => {
    const [recipient, operations] = await Promise.all([
      db.recipient.findUnique({ where: { id: recipientId }, select: { allowListOnly: true } }),
      db.persistedOperation.findMany({ where: { recipientId }, select: { hash: true, document: true } }),
    ]);
    return {
      only: recipient?.allowListOnly ?? true,
      operations: new Map(operations.map((o) => [o.hash, o.document])),
    };
  });
}
