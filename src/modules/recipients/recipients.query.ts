/** Query.recipients / Query.recipient for staff; Query.viewer tells any key who it is. */
import { builder } from "../../builder.js";
import { RoleEnum } from "../catalog/enums.js";
import { RECIPIENT_INCLUDE, RecipientRef } from "./recipient.type.js";

builder.queryField("recipients", (t) =>
  t.field({
    type: [RecipientRef],
    authScopes: { compliance: true, admin: true },
    resolve: (_root, _args, ctx) =>
      ctx.db.recipient.findMany({ include: RECIPIENT_INCLUDE, orderBy: { id: "asc" } }),
  }),
);

builder.queryField("recipient", (t) =>
  t.field({
    type: RecipientRef,
    nullable: true,
    authScopes: { compliance: true, admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.recipient.findUnique({ where: { id: String(args.id) }, include: RECIPIENT_INCLUDE }),
  }),
);

const Viewer = builder.objectRef<{ keyId: string; label: string; role: string }>("Viewer").implement({
  description: "The API key making the request.",
  fields: (t) => ({
    keyId: t.exposeString("keyId"),
    label: t.exposeString("label"),
    role: t.field({ type: RoleEnum, resolve: (v) => v.role as never }),
  }),
});

builder.objectField(Viewer, "recipient", (t) =>
  t.field({
    type: RecipientRef,
    nullable: true,
    description: "For a partner key: its recipient, with the purposes and items it may receive.",
    resolve: (_v, _args, ctx) =>
      ctx.principal.recipient
        ? ctx.db.recipient.findUnique({
            where: { id: ctx.principal.recipient.id },
            include: RECIPIENT_INCLUDE,
          })
        : null,
  }),
);

builder.queryField("viewer", (t) =>
  t.field({
    type: Viewer,
    resolve: (_root, _args, ctx) => ({
      keyId: ctx.principal.keyId,
      label: ctx.principal.label,
      role: ctx.principal.role,
    }),
  }),
);
