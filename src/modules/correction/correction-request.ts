/**
 * The correction workflow (art. 34) for compliance staff: receive a request to correct, add
 * to or delete an item, verify identity, decide (the person's data changes only then, in the
 * same transaction), with the notice to the person, and list who received the item (from the
 * provision records) as data and as CSV, so staff can tell them. Every step is audited.
 */
import { stringify } from "csv-stringify/sync";
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import {
  checkCorrectionRequest,
  checkCorrectionTransition,
  type CorrectionKind,
  type CorrectionStatus,
  correctionNotice,
  recipientsToNotify,
  type RecipientToNotify,
} from "../../policy/correction.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectOutcome, rejectProblems } from "../catalog/input-problems.js";
import { PERSON_FIELDS } from "../people/person-items.js";
import { findProvisionEvents } from "../records/find-events.js";

const staff = { compliance: true, admin: true } as const;

const KindEnum = builder.enumType("CorrectionKind", {
  values: {
    CORRECTION: { description: "訂正: the content is wrong." },
    ADDITION: { description: "追加: something is missing." },
    DELETION: { description: "削除: the item should not be held." },
  } as const,
});

interface CorrectionRow {
  id: string;
  personId: string;
  kind: string;
  itemCode: string;
  requestedValue: string | null;
  statement: string;
  receivedAt: Date;
  status: string;
  identityVerification: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  noticeJa: string | null;
  noticeEn: string | null;
}

const RecipientToNotifyRef = builder.objectRef<RecipientToNotify>("RecipientToNotify").implement({
  description: "A recipient that received the corrected item about the person (from the provision records).",
  fields: (t) => ({
    recipientId: t.exposeString("recipientId"),
    name: t.exposeString("name"),
    address: t.exposeString("address"),
    provisions: t.exposeInt("provisions"),
    lastProvidedAt: t.expose("lastProvidedAt", { type: "DateTime" }),
  }),
});

async function notifyList(db: Db, r: CorrectionRow): Promise<RecipientToNotify[]> {
  const events = await findProvisionEvents(db, { personId: r.personId });
  return recipientsToNotify(
    events.map((e) => ({
      recipientId: e.recipientId,
      recipientSnapshot: e.recipientSnapshot,
      at: e.at,
      personItems: (e.people[0]?.items as string[] | undefined) ?? [],
    })),
    r.itemCode,
  );
}

const CorrectionRequestRef = builder.objectRef<CorrectionRow>("CorrectionRequest").implement({
  description: "A request to correct, add to or delete retained personal data (art. 34).",
  fields: (t) => ({
    id: t.exposeID("id"),
    personId: t.exposeString("personId"),
    kind: t.exposeString("kind"),
    item: t.exposeString("itemCode"),
    requestedValue: t.exposeString("requestedValue", { nullable: true }),
    statement: t.exposeString("statement"),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    status: t.exposeString("status"),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    decisionReason: t.exposeString("decisionReason", { nullable: true }),
    noticeJa: t.exposeString("noticeJa", {
      nullable: true,
      description: "The notice to the person (art. 34(3)).",
    }),
    noticeEn: t.exposeString("noticeEn", { nullable: true }),
    recipientsToNotify: t.field({
      type: [RecipientToNotifyRef],
      description: "Who received this item about the person, latest first.",
      resolve: (r, _a, ctx) => notifyList(ctx.db, r),
    }),
    recipientsToNotifyCsv: t.string({
      description: "The same list as CSV (UTF-8 with BOM, for Excel).",
      resolve: async (r, _a, ctx) =>
        "\uFEFF" +
        stringify(
          (await notifyList(ctx.db, r)).map((x) => ({
            ...x,
            lastProvidedAt: x.lastProvidedAt.toISOString(),
          })),
          { header: true, columns: ["recipientId", "name", "address", "provisions", "lastProvidedAt"] },
        ),
    }),
  }),
});

async function load(tx: Pick<Db, "correctionRequest">, id: string): Promise<CorrectionRow> {
  const r = await tx.correctionRequest.findUnique({ where: { id } });
  if (!r) badInput(`Correction request "${id}" does not exist.`);
  return r;
}

const fieldOf = (item: string) => PERSON_FIELDS.find((f) => f.item === item);

builder.mutationField("receiveCorrectionRequest", (t) =>
  t.field({
    type: CorrectionRequestRef,
    authScopes: staff,
    args: {
      personId: t.arg.string({ required: true }),
      kind: t.arg({ type: KindEnum, required: true }),
      item: t.arg.string({ required: true }),
      requestedValue: t.arg.string({ required: false, description: "What the person says is right." }),
      statement: t.arg.string({ required: true, description: "The request as the person made it." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!(await tx.person.findUnique({ where: { id: args.personId }, select: { id: true } })))
          badInput(`Person "${args.personId}" does not exist.`);
        const field = fieldOf(args.item);
        rejectProblems(
          checkCorrectionRequest({
            kind: args.kind,
            itemCode: args.item,
            requestedValue: args.requestedValue ?? null,
            held: field !== undefined,
            nullable: field !== undefined && "nullable" in field && field.nullable === true,
            isDate: field?.kind === "Date",
          }),
        );
        const row = await tx.correctionRequest.create({
          data: {
            personId: args.personId,
            kind: args.kind,
            itemCode: args.item,
            requestedValue: args.kind === "DELETION" ? null : (args.requestedValue ?? null),
            statement: args.statement,
            receivedAt: ctx.now,
            status: "RECEIVED",
          },
        });
        await audit(tx, ctx.principal, "correction.receive", "CorrectionRequest", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("verifyCorrectionRequest", (t) =>
  t.field({
    type: CorrectionRequestRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }), identityVerification: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        rejectOutcome(checkCorrectionTransition(before.status as CorrectionStatus, "VERIFIED"));
        if (!args.identityVerification.trim())
          badInput("State how the person's identity was verified.", "APPI art. 37(1); CO 12");
        const after = await tx.correctionRequest.update({
          where: { id: before.id },
          data: { status: "VERIFIED", identityVerification: args.identityVerification },
        });
        await audit(tx, ctx.principal, "correction.verify", "CorrectionRequest", before.id, before, after);
        return after;
      }),
  }),
);

builder.mutationField("decideCorrectionRequest", (t) =>
  t.field({
    type: CorrectionRequestRef,
    description:
      "Decides after investigating (art. 34(2)): correct=true changes the person's data now; either way the notice to the person is written (34(3)).",
    authScopes: staff,
    args: {
      id: t.arg.id({ required: true }),
      correct: t.arg.boolean({ required: true }),
      reason: t.arg.string({ required: true, description: "What was found; told to the person." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        const to: CorrectionStatus = args.correct ? "CORRECTED" : "REFUSED";
        rejectOutcome(checkCorrectionTransition(before.status as CorrectionStatus, to));
        if (!args.reason.trim()) badInput("State the reason the person will read.", "APPI art. 34(3)");
        if (args.correct) {
          const field = fieldOf(before.itemCode);
          if (!field) badInput(`"${before.itemCode}" is no longer a held item.`, "APPI art. 34(1)");
          const value =
            before.kind === "DELETION"
              ? null
              : field.kind === "Date"
                ? new Date(before.requestedValue ?? "")
                : before.requestedValue;
          await tx.person.update({ where: { id: before.personId }, data: { [field.field]: value } });
        }
        const notice = correctionNotice(
          {
            kind: before.kind as CorrectionKind,
            itemCode: before.itemCode,
            requestedValue: before.requestedValue,
          },
          args.correct,
          args.reason,
        );
        const after = await tx.correctionRequest.update({
          where: { id: before.id },
          data: {
            status: to,
            decidedAt: ctx.now,
            decisionReason: args.reason,
            noticeJa: notice.ja,
            noticeEn: notice.en,
          },
        });
        await audit(tx, ctx.principal, "correction.decide", "CorrectionRequest", before.id, before, after);
        return after;
      }),
  }),
);

builder.queryField("correctionRequests", (t) =>
  t.field({
    type: [CorrectionRequestRef],
    authScopes: staff,
    args: { personId: t.arg.string({ required: false }), status: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.db.correctionRequest.findMany({
        where: {
          ...(args.personId ? { personId: args.personId } : {}),
          ...(args.status ? { status: args.status } : {}),
        },
        orderBy: { receivedAt: "asc" },
        take: 500,
      }),
  }),
);
