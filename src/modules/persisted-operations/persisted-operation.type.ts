/**
 * PersistedOperation (an operation registered for a recipient), Query.persistedOperations,
 * and the fields that show allow lists elsewhere: Recipient.allowListOnly and
 * ProvisionEvent.persistedOperationId.
 */
import { builder } from "../../builder.js";
import { ProvisionEventRef } from "../records/provision-records.query.js";
import { RecipientRef } from "../recipients/recipient.type.js";

interface PersistedRow {
  recipientId: string;
  hash: string;
  document: string;
  operationName: string | null;
  registeredAt: Date;
  registeredBy: string;
}

export const PersistedOperationRef = builder.objectRef<PersistedRow>("PersistedOperation").implement({
  description:
    "An operation registered for a recipient; its clients run it by hash (extensions.persistedQuery.sha256Hash).",
  fields: (t) => ({
    hash: t.exposeID("hash", { description: "SHA-256 (hex) of the document: the persisted operation id." }),
    recipientId: t.exposeString("recipientId"),
    operationName: t.exposeString("operationName", { nullable: true }),
    document: t.exposeString("document"),
    registeredAt: t.expose("registeredAt", { type: "DateTime" }),
    registeredBy: t.exposeString("registeredBy", { description: "The admin key that registered it." }),
  }),
});

builder.objectField(RecipientRef, "allowListOnly", (t) =>
  t.boolean({
    description: "Runs only the operations registered for it.",
    resolve: (r) => (r as { allowListOnly?: boolean }).allowListOnly === true,
  }),
);

builder.objectField(ProvisionEventRef, "persistedOperationId", (t) =>
  t.string({
    nullable: true,
    description: "The registered operation (hash) that asked for this provision, if one did.",
    resolve: (e) => (e as { persistedOperationId?: string | null }).persistedOperationId ?? null,
  }),
);

builder.queryField("persistedOperations", (t) =>
  t.field({
    type: [PersistedOperationRef],
    authScopes: { compliance: true, admin: true },
    args: { recipientId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.persistedOperation.findMany({
        where: { recipientId: String(args.recipientId) },
        orderBy: { registeredAt: "asc" },
      }),
  }),
);
