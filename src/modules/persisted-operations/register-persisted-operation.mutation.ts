/**
 * Mutation.registerPersistedOperation and removePersistedOperation (admins): an operation is
 * stored only once checkRegistration finds it able to pass the recipient's scopes. Audited.
 */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { badInput } from "../catalog/input-problems.js";
import { RECIPIENT_FACTS_INCLUDE, toRecipientFacts } from "../recipients/recipient-facts.js";
import { PersistedOperationRef } from "./persisted-operation.type.js";
import { checkRegistration } from "./registration-check.js";

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
          await catalogSnapshot(ctx.db, ctx.now),
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
