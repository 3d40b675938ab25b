/** Mutation.setRecipientAllowListOnly (admins): the recipient runs only its registered operations. Audited. */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { badInput } from "../catalog/input-problems.js";
import { RECIPIENT_INCLUDE, RecipientRef } from "../recipients/recipient.type.js";

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
