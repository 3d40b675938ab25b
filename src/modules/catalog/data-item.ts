/** DataItem: the catalog of personal data items; Query.dataItems and admin mutations. */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { DataItemClassEnum } from "./enums.js";
import { badInput, CODE_PATTERN } from "./input-problems.js";

export const DataItemRef = builder.objectRef<{ code: string; label: string; labelJa: string; class: string }>(
  "DataItem",
);

DataItemRef.implement({
  description: "One kind of personal data. Each personal field Teikyo serves is one item.",
  fields: (t) => ({
    code: t.exposeString("code"),
    label: t.exposeString("label"),
    labelJa: t.exposeString("labelJa"),
    class: t.field({ type: DataItemClassEnum, resolve: (i) => i.class as never }),
  }),
});

builder.queryField("dataItems", (t) =>
  t.field({
    type: [DataItemRef],
    description: "The data item catalog.",
    resolve: (_root, _args, ctx) => ctx.db.dataItem.findMany({ orderBy: { code: "asc" } }),
  }),
);

const DataItemInput = builder.inputType("DataItemInput", {
  fields: (t) => ({
    code: t.string({ required: true, description: "snake_case, unique." }),
    label: t.string({ required: true }),
    labelJa: t.string({ required: true }),
    class: t.field({ type: DataItemClassEnum, required: true }),
  }),
});

const DataItemChange = builder.inputType("DataItemChange", {
  fields: (t) => ({
    label: t.string({ required: false }),
    labelJa: t.string({ required: false }),
    class: t.field({ type: DataItemClassEnum, required: false }),
  }),
});

builder.mutationField("createDataItem", (t) =>
  t.field({
    type: DataItemRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: DataItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!CODE_PATTERN.test(input.code)) badInput(`Data item code "${input.code}" must be snake_case.`);
        if (await tx.dataItem.findUnique({ where: { code: input.code } })) {
          badInput(`Data item "${input.code}" already exists.`);
        }
        const item = await tx.dataItem.create({ data: input });
        await audit(tx, ctx.principal, "dataItem.create", "DataItem", item.code, null, item);
        return item;
      }),
  }),
);

builder.mutationField("updateDataItem", (t) =>
  t.field({
    type: DataItemRef,
    authScopes: { admin: true },
    args: { code: t.arg.string({ required: true }), change: t.arg({ type: DataItemChange, required: true }) },
    resolve: (_root, { code, change }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await tx.dataItem.findUnique({ where: { code } });
        if (!before) badInput(`Data item "${code}" does not exist.`);
        const item = await tx.dataItem.update({
          where: { code },
          data: {
            ...(change.label != null ? { label: change.label } : {}),
            ...(change.labelJa != null ? { labelJa: change.labelJa } : {}),
            ...(change.class != null ? { class: change.class } : {}),
          },
        });
        await audit(tx, ctx.principal, "dataItem.update", "DataItem", code, before, item);
        return item;
      }),
  }),
);
