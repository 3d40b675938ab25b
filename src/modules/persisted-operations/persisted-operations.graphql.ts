/**
 * Admins register the operations a recipient may run (checked against its scopes first) and
 * mark a recipient allow-list only; compliance and admins list them. Every change is audited.
 */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { badInput } from "../catalog/input-problems.js";
import { ProvisionEventRef } from "../records/provision-records.query.js";
import { RECIPIENT_FACTS_INCLUDE, toRecipientFacts } from "../recipients/recipient-facts.js";
import { RECIPIENT_INCLUDE, RecipientRef } from "../recipients/recipient.type.js";
import { checkRegistration } from "./registration-check.js";

interface PersistedRow {
  recipientId: string;
  hash: string;
  document: string;
  operationName: string | null;
  registeredAt: Date;
  registeredBy: string;
}

const PersistedOperationRef = builder.objectRef<PersistedRow>("PersistedOperation").implement({
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

builder.mutationField("registerPersistedOperation", (t) =>
  t.field({
    type: PersistedOperationRef,
    description:
      "Registers an operation for a recipient, refusing one that could never pass its scopes (naming the field and rule).",
    authScopes: { admin: true },
    args: { recipientId: t.arg.id({ required: true }), document: t.arg.string({ required: true }) },
    // Admin keys run on the full schema, which the recipient's schema is cut from.
    resolve: (_root, args, ctx, info) =>
      ctx.db.$transaction(async (tx) => {
        const recipientId = String(args.recipientId);
        const stored = await tx.recipient.findUnique({
          where: { id: recipientId },
          include: RECIPIENT_FACTS_INCLUDE,
        });
        if (!stored) badInput(`Recipient "${recipientId}" does not exist.`);
        const checked = checkRegistration(
          info.schema,
          toRecipientFacts(stored),
          await catalogSnapshot(ctx.db),
          args.document,
        );
        const key = { recipientId_hash: { recipientId, hash: checked.hash } };
        const existing = await tx.persistedOperation.findUnique({ where: key });
        if (existing) return existing;
        const row = await tx.persistedOperation.create({
          data: {
            recipientId,
            hash: checked.hash,
            document: args.document,
            operationName: checked.operationName,
            registeredAt: ctx.now,
            registeredBy: ctx.principal.keyId,
          },
        });
        await audit(
          tx,
          ctx.principal,
          "persistedOperation.register",
          "PersistedOperation",
          `${recipientId}/${row.hash}`,
          null,
          row,
        );
        return row;
      }),
  }),
);

builder.mutationField("removePersistedOperation", (t) =>
  t.boolean({
    description: "Removes a registered operation; its clients can no longer run it.",
    authScopes: { admin: true },
    args: { recipientId: t.arg.id({ required: true }), hash: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const key = { recipientId_hash: { recipientId: String(args.recipientId), hash: String(args.hash) } };
        const before = await tx.persistedOperation.findUnique({ where: key });
        if (!before) return false;
        await tx.persistedOperation.delete({ where: key });
        await audit(
          tx,
          ctx.principal,
          "persistedOperation.remove",
          "PersistedOperation",
          `${before.recipientId}/${before.hash}`,
          before,
          null,
        );
        return true;
      }),
  }),
);

builder.mutationField("setRecipientAllowListOnly", (t) =>
  t.field({
    type: RecipientRef,
    description: "Allow-list only: the recipient runs nothing but the operations registered for it.",
    authScopes: { admin: true },
    args: { recipientId: t.arg.id({ required: true }), allowListOnly: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const id = String(args.recipientId);
        const before = await tx.recipient.findUnique({ where: { id }, include: RECIPIENT_INCLUDE });
        if (!before) badInput(`Recipient "${id}" does not exist.`);
        const after = await tx.recipient.update({
          where: { id },
          data: { allowListOnly: args.allowListOnly },
          include: RECIPIENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "recipient.setAllowListOnly", "Recipient", id, before, after);
        return after;
      }),
  }),
);
