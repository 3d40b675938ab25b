/** Purpose of use (利用目的): Query.purposes and admin mutations. */
import { builder } from "../../builder.js";
import { checkPurposeItems } from "../../policy/catalog-changes.js";
import { audit } from "../audit/audit.js";
import { badInput, CODE_PATTERN, rejectProblems } from "./input-problems.js";

interface PurposeRow {
  code: string;
  description: string;
  descriptionJa: string;
  items: { itemCode: string }[];
}

export const PurposeRef = builder.objectRef<PurposeRow>("Purpose");

PurposeRef.implement({
  description: "An announced purpose of use (art. 17) and the data items it may use.",
  fields: (t) => ({
    code: t.exposeString("code"),
    description: t.exposeString("description"),
    descriptionJa: t.exposeString("descriptionJa"),
    items: t.stringList({ resolve: (p) => p.items.map((i) => i.itemCode).sort() }),
  }),
});

const include = { items: { select: { itemCode: true } } } as const;

builder.queryField("purposes", (t) =>
  t.field({
    type: [PurposeRef],
    description: "The announced purposes of use.",
    resolve: (_root, _args, ctx) => ctx.db.purpose.findMany({ include, orderBy: { code: "asc" } }),
  }),
);

const PurposeInput = builder.inputType("PurposeInput", {
  fields: (t) => ({
    code: t.string({ required: true, description: "snake_case, unique." }),
    description: t.string({ required: true }),
    descriptionJa: t.string({ required: true }),
    items: t.stringList({ required: true, description: "Data item codes this purpose uses (at least one)." }),
  }),
});

const PurposeChange = builder.inputType("PurposeChange", {
  fields: (t) => ({
    description: t.string({ required: false }),
    descriptionJa: t.string({ required: false }),
    items: t.stringList({ required: false, description: "Replaces the purpose's items." }),
  }),
});

builder.mutationField("createPurpose", (t) =>
  t.field({
    type: PurposeRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: PurposeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!CODE_PATTERN.test(input.code)) badInput(`Purpose code "${input.code}" must be snake_case.`);
        if (await tx.purpose.findUnique({ where: { code: input.code } })) {
          badInput(`Purpose "${input.code}" already exists.`);
        }
        const known = new Set((await tx.dataItem.findMany({ select: { code: true } })).map((i) => i.code));
        const items = [...new Set(input.items)];
        rejectProblems(checkPurposeItems(input.code, items, known));
        const purpose = await tx.purpose.create({
          data: {
            code: input.code,
            description: input.description,
            descriptionJa: input.descriptionJa,
            items: { create: items.map((itemCode) => ({ itemCode })) },
          },
          include,
        });
        await audit(tx, ctx.principal, "purpose.create", "Purpose", purpose.code, null, purpose);
        return purpose;
      }),
  }),
);

builder.mutationField("updatePurpose", (t) =>
  t.field({
    type: PurposeRef,
    description:
      "Changes a purpose. Removing an item also removes it from recipients' scopes for this purpose.",
    authScopes: { admin: true },
    args: { code: t.arg.string({ required: true }), change: t.arg({ type: PurposeChange, required: true }) },
    resolve: (_root, { code, change }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await tx.purpose.findUnique({ where: { code }, include });
        if (!before) badInput(`Purpose "${code}" does not exist.`);
        if (change.items) {
          const known = new Set((await tx.dataItem.findMany({ select: { code: true } })).map((i) => i.code));
          const items = [...new Set(change.items)];
          rejectProblems(checkPurposeItems(code, items, known));
          await tx.purposeItem.deleteMany({ where: { purposeCode: code } });
          await tx.purposeItem.createMany({
            data: items.map((itemCode) => ({ purposeCode: code, itemCode })),
          });
          // A recipient's scope never outlives the purpose's items (art. 18(1)).
          await tx.recipientItem.deleteMany({ where: { purposeCode: code, itemCode: { notIn: items } } });
        }
        const purpose = await tx.purpose.update({
          where: { code },
          data: {
            ...(change.description != null ? { description: change.description } : {}),
            ...(change.descriptionJa != null ? { descriptionJa: change.descriptionJa } : {}),
          },
          include,
        });
        await audit(tx, ctx.principal, "purpose.update", "Purpose", code, before, purpose);
        return purpose;
      }),
  }),
);
