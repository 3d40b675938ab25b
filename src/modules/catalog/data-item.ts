/**
 * DataItem: the catalog of personal data items; Query.dataItems and admin mutations. An
 * item's class is versioned: a reclassification is announced and takes effect from a date,
 * and never widens consents given on earlier purpose versions (catalog-snapshot.ts).
 */
import { builder } from "../../builder.js";
import { checkClassVersion } from "../../policy/purpose-versions.js";
import type { DataItemClass } from "../../policy/types.js";
import { versionInForce } from "../../policy/versions.js";
import { audit } from "../audit/audit.js";
import type { ClassVersion } from "./catalog-snapshot.js";
import { DataItemClassEnum } from "./enums.js";
import { badInput, CODE_PATTERN, rejectProblems } from "./input-problems.js";

interface DataItemRow {
  code: string;
  label: string;
  labelJa: string;
  classVersions: ClassVersion[];
  at: Date;
}

const ClassVersionRef = builder.objectRef<ClassVersion & { note: string }>("DataItemClassVersion");
ClassVersionRef.implement({
  description: "A data item's class as announced, from effectiveFrom until replaced.",
  fields: (t) => ({
    version: t.exposeInt("version"),
    class: t.field({ type: DataItemClassEnum, resolve: (v) => v.class }),
    note: t.exposeString("note"),
    announcedAt: t.field({ type: "DateTime", resolve: (v) => v.announcedAt }),
    effectiveFrom: t.field({ type: "DateTime", resolve: (v) => v.effectiveFrom }),
    effectiveUntil: t.field({ type: "DateTime", nullable: true, resolve: (v) => v.effectiveUntil }),
  }),
});

export const DataItemRef = builder.objectRef<DataItemRow>("DataItem");

DataItemRef.implement({
  description: "One kind of personal data. Each personal field Teikyo serves is one item.",
  fields: (t) => ({
    code: t.exposeString("code"),
    label: t.exposeString("label"),
    labelJa: t.exposeString("labelJa"),
    class: t.field({
      type: DataItemClassEnum,
      nullable: true,
      description: "The class in force (null before its first version takes effect).",
      resolve: (i) => versionInForce(i.classVersions, i.at)?.class ?? null,
    }),
    classVersions: t.field({ type: [ClassVersionRef], resolve: (i) => i.classVersions as never }),
  }),
});

const include = { classVersions: { orderBy: { version: "asc" } } } as const;

builder.queryField("dataItems", (t) =>
  t.field({
    type: [DataItemRef],
    description: "The data item catalog, with classes as in force at `at` (default: now).",
    args: { at: t.arg({ type: "DateTime", required: false }) },
    resolve: async (_root, { at }, ctx) =>
      (await ctx.db.dataItem.findMany({ include, orderBy: { code: "asc" } })).map((i) => ({
        ...i,
        at: at ?? ctx.now,
      })),
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
    class: t.field({
      type: DataItemClassEnum,
      required: false,
      description: "Publishes a new class version (announced now, effective from effectiveFrom).",
    }),
    effectiveFrom: t.field({ type: "DateTime", required: false, description: "Default: now." }),
    note: t.string({ required: false, description: "Why the item is reclassified." }),
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
        const item = await tx.dataItem.create({
          data: {
            code: input.code,
            label: input.label,
            labelJa: input.labelJa,
            classVersions: {
              create: { version: 1, class: input.class, announcedAt: ctx.now, effectiveFrom: ctx.now },
            },
          },
          include,
        });
        await audit(tx, ctx.principal, "dataItem.create", "DataItem", item.code, null, item);
        return { ...item, at: ctx.now };
      }),
  }),
);

builder.mutationField("updateDataItem", (t) =>
  t.field({
    type: DataItemRef,
    description:
      "Changes an item's labels, or publishes a new class version. A reclassification reaches consents given with allItems only through a new purpose version.",
    authScopes: { admin: true },
    args: { code: t.arg.string({ required: true }), change: t.arg({ type: DataItemChange, required: true }) },
    resolve: (_root, { code, change }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await tx.dataItem.findUnique({ where: { code }, include });
        if (!before) badInput(`Data item "${code}" does not exist.`);
        if (change.class != null) {
          const effectiveFrom = change.effectiveFrom ?? ctx.now;
          const current = versionInForce(before.classVersions, effectiveFrom)?.class ?? null;
          const cls = change.class as DataItemClass;
          rejectProblems(
            checkClassVersion(
              { itemCode: code, class: cls, announcedAt: ctx.now, effectiveFrom },
              current,
              before.classVersions,
              ctx.now,
            ),
          );
          await tx.dataItemClassVersion.updateMany({
            where: { itemCode: code, effectiveUntil: null },
            data: { effectiveUntil: effectiveFrom },
          });
          await tx.dataItemClassVersion.create({
            data: {
              itemCode: code,
              version: (before.classVersions.at(-1)?.version ?? 0) + 1,
              class: cls,
              announcedAt: ctx.now,
              effectiveFrom,
              note: change.note ?? "",
            },
          });
        }
        const item = await tx.dataItem.update({
          where: { code },
          data: {
            ...(change.label != null ? { label: change.label } : {}),
            ...(change.labelJa != null ? { labelJa: change.labelJa } : {}),
          },
          include,
        });
        await audit(tx, ctx.principal, "dataItem.update", "DataItem", code, before, item);
        return { ...item, at: ctx.now };
      }),
  }),
);
