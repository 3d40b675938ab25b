/**
 * Purpose of use (利用目的): Query.purposes and the admin mutations that publish versions.
 * A purpose is never edited: a change is a new version announced now and effective from a
 * date no earlier than that; the previous version ends where the new one starts.
 */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import { checkPurposeVersion } from "../../policy/purpose-versions.js";
import { versionInForce } from "../../policy/versions.js";
import { audit } from "../audit/audit.js";
import {
  catalogAt,
  loadCatalogVersions,
  PURPOSE_VERSION_SELECT,
  type PurposeVersionRow,
} from "./catalog-snapshot.js";
import { badInput, CODE_PATTERN, rejectProblems } from "./input-problems.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface PurposeRow {
  code: string;
  current: PurposeVersionRow | null;
  versions: PurposeVersionRow[];
}

export const PurposeVersionRef = builder.objectRef<PurposeVersionRow>("PurposeVersion");

PurposeVersionRef.implement({
  description: "One announced version of a purpose of use (art. 17, 21(3)).",
  fields: (t) => ({
    id: t.exposeString("id"),
    version: t.exposeInt("version"),
    description: t.exposeString("description"),
    descriptionJa: t.exposeString("descriptionJa"),
    items: t.stringList({ resolve: (v) => v.items.map((i) => i.itemCode) }),
    changeNote: t.exposeString("changeNote"),
    announcedAt: t.field({ type: "DateTime", resolve: (v) => v.announcedAt }),
    effectiveFrom: t.field({ type: "DateTime", resolve: (v) => v.effectiveFrom }),
    effectiveUntil: t.field({ type: "DateTime", nullable: true, resolve: (v) => v.effectiveUntil }),
  }),
});

export const PurposeRef = builder.objectRef<PurposeRow>("Purpose");

PurposeRef.implement({
  description:
    "A purpose of use (art. 17): the version in force at the time asked (description, items) and every version.",
  fields: (t) => ({
    code: t.exposeString("code"),
    description: t.string({ nullable: true, resolve: (p) => p.current?.description ?? null }),
    descriptionJa: t.string({ nullable: true, resolve: (p) => p.current?.descriptionJa ?? null }),
    items: t.stringList({
      description: "Items of the version in force (none when no version is in force).",
      resolve: (p) => p.current?.items.map((i) => i.itemCode) ?? [],
    }),
    inForce: t.field({ type: PurposeVersionRef, nullable: true, resolve: (p) => p.current }),
    versions: t.field({ type: [PurposeVersionRef], resolve: (p) => p.versions }),
  }),
});

async function purposeRow(db: Pick<Db, "purposeVersion">, code: string, at: Date): Promise<PurposeRow> {
  const versions = await db.purposeVersion.findMany({
    where: { purposeCode: code },
    select: PURPOSE_VERSION_SELECT,
    orderBy: { version: "asc" },
  });
  return { code, current: versionInForce(versions, at), versions };
}

builder.queryField("purposes", (t) =>
  t.field({
    type: [PurposeRef],
    description: "The announced purposes of use, as in force at `at` (default: now).",
    args: { at: t.arg({ type: "DateTime", required: false }) },
    resolve: async (_root, { at }, ctx) => {
      const versions = await loadCatalogVersions(ctx.db);
      return [...versions.purposeVersions]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([code, list]) => ({
          code,
          current: versionInForce(list, at ?? ctx.now),
          versions: [...list],
        }));
    },
  }),
);

const PurposeInput = builder.inputType("PurposeInput", {
  fields: (t) => ({
    code: t.string({ required: true, description: "snake_case, unique." }),
    description: t.string({ required: true }),
    descriptionJa: t.string({ required: true }),
    items: t.stringList({ required: true, description: "Data item codes this purpose uses (at least one)." }),
    effectiveFrom: t.field({ type: "DateTime", required: false, description: "Default: now." }),
  }),
});

const PurposeVersionInput = builder.inputType("PurposeVersionInput", {
  fields: (t) => ({
    description: t.string({ required: false, description: "Default: as in the latest version." }),
    descriptionJa: t.string({ required: false, description: "Default: as in the latest version." }),
    items: t.stringList({
      required: false,
      description: "The items of the new version (default: unchanged).",
    }),
    changeNote: t.string({
      required: true,
      description: "Why people could reasonably expect this change (art. 17(2)).",
    }),
    announcedAt: t.field({
      type: "DateTime",
      required: false,
      description: "When it is announced (art. 21(3)); default now, never earlier.",
    }),
    effectiveFrom: t.field({
      type: "DateTime",
      required: false,
      description: "When it takes effect; default the announcement, never earlier.",
    }),
  }),
});

interface Draft {
  description: string;
  descriptionJa: string;
  items: string[];
  changeNote: string;
  announcedAt: Date;
  effectiveFrom: Date;
}

/** Checks and writes a new version in one transaction; nothing is written if a rule refuses it. */
async function publish(tx: Tx, code: string, draft: Draft, now: Date): Promise<PurposeVersionRow> {
  const existing = await tx.purposeVersion.findMany({
    where: { purposeCode: code },
    select: PURPOSE_VERSION_SELECT,
    orderBy: { version: "asc" },
  });
  const previous = existing.at(-1) ?? null;
  const classes = catalogAt(await loadCatalogVersions(tx), draft.effectiveFrom).classes;
  rejectProblems(
    checkPurposeVersion(
      { purposeCode: code, ...draft },
      previous ? { ...previous, items: previous.items.map((i) => i.itemCode) } : null,
      existing,
      classes,
      now,
    ),
  );
  await tx.purposeVersion.updateMany({
    where: { purposeCode: code, effectiveUntil: null },
    data: { effectiveUntil: draft.effectiveFrom },
  });
  return tx.purposeVersion.create({
    data: {
      purposeCode: code,
      version: (previous?.version ?? 0) + 1,
      ...draft,
      items: {
        create: draft.items.map((itemCode) => ({
          itemCode,
          itemClass: classes.get(itemCode) ?? "SENSITIVE",
        })),
      },
    },
    select: PURPOSE_VERSION_SELECT,
  });
}

builder.mutationField("createPurpose", (t) =>
  t.field({
    type: PurposeRef,
    description: "Announces a new purpose of use (version 1).",
    authScopes: { admin: true },
    args: { input: t.arg({ type: PurposeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!CODE_PATTERN.test(input.code)) badInput(`Purpose code "${input.code}" must be snake_case.`);
        if (await tx.purpose.findUnique({ where: { code: input.code } })) {
          badInput(`Purpose "${input.code}" already exists.`);
        }
        await tx.purpose.create({ data: { code: input.code } });
        const version = await publish(
          tx,
          input.code,
          {
            description: input.description,
            descriptionJa: input.descriptionJa,
            items: [...new Set(input.items)],
            changeNote: "",
            announcedAt: ctx.now,
            effectiveFrom: input.effectiveFrom ?? ctx.now,
          },
          ctx.now,
        );
        const row = await purposeRow(tx, input.code, ctx.now);
        await audit(tx, ctx.principal, "purpose.create", "Purpose", input.code, null, {
          code: input.code,
          ...version,
        });
        return row;
      }),
  }),
);

builder.mutationField("publishPurposeVersion", (t) =>
  t.field({
    type: PurposeVersionRef,
    description:
      "Publishes a new version of a purpose: announced (art. 21(3)), effective no earlier than announced, within what people can reasonably expect (art. 17(2)). Consents given on earlier versions keep covering only what those versions listed.",
    authScopes: { admin: true },
    args: {
      code: t.arg.string({ required: true }),
      input: t.arg({ type: PurposeVersionInput, required: true }),
    },
    resolve: (_root, { code, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await purposeRow(tx, code, ctx.now);
        const latest = before.versions.at(-1);
        if (!latest) badInput(`Purpose "${code}" does not exist.`, "APPI art. 17(1)");
        const announcedAt = input.announcedAt ?? ctx.now;
        const version = await publish(
          tx,
          code,
          {
            description: input.description ?? latest.description,
            descriptionJa: input.descriptionJa ?? latest.descriptionJa,
            items: input.items ? [...new Set(input.items)] : latest.items.map((i) => i.itemCode),
            changeNote: input.changeNote,
            announcedAt,
            effectiveFrom: input.effectiveFrom ?? announcedAt,
          },
          ctx.now,
        );
        await audit(tx, ctx.principal, "purpose.publishVersion", "Purpose", code, latest, version);
        return version;
      }),
  }),
);
