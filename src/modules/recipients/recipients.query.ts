/** Query.recipients / Query.recipient for staff; Query.viewer tells any key who it is. */
import { builder } from "../../builder.js";
import { askableScopes } from "../../policy/askable-items.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { noticesAt } from "./recipient-context.js";
import { RoleEnum } from "../catalog/enums.js";
import { ORDER_FIELDS, ORDER_HISTORY_ITEM } from "../people/person-items.js";
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

/** An order's fields are asked through Person.orders, which is the order_history item itself. */
const ORDER_PREREQUISITES: ReadonlyMap<string, readonly string[]> = new Map(
  ORDER_FIELDS.map((f) => [f.item, [ORDER_HISTORY_ITEM]]),
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
    description:
      "For a partner key: its recipient, with the purposes and the items it can actually ask for today (each scoped item that a query for it alone would be allowed).",
    resolve: async (_v, _args, ctx) => {
      const { recipient: facts, recipientContext } = ctx.principal;
      if (!facts || !recipientContext) return null;
      const row = await ctx.db.recipient.findUnique({ where: { id: facts.id }, include: RECIPIENT_INCLUDE });
      if (!row) return null;
      const { items: catalog, purposes } = await catalogSnapshot(ctx.db, ctx.now);
      const askable = askableScopes({
        recipient: facts,
        purposes,
        catalog,
        now: ctx.now,
        ...noticesAt(recipientContext, ctx.now),
        prerequisites: ORDER_PREREQUISITES,
      });
      return {
        ...row,
        items: askable.flatMap((s) => s.items.map((itemCode) => ({ purposeCode: s.purpose, itemCode }))),
      };
    },
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
