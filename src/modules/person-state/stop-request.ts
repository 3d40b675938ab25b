/**
 * The art. 35 workflow for compliance staff: receive a demand to stop use, erase, or stop
 * third-party provision, verify identity, decide with the ground; a granted stop takes
 * effect at once as suspension requests (checked at query time) or erased items, a declined
 * one records its alternative measures; either way the notice to the person (35(7)).
 */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import type { StopGround } from "../../policy/stop-grounds.js";
import {
  checkStopDecision,
  checkStopRequest,
  checkStopTransition,
  type StopKind,
  type StopStatus,
  stopNotice,
} from "../../policy/stop-request.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectOutcome, rejectProblems } from "../catalog/input-problems.js";
import { PERSON_FIELDS } from "../people/person-items.js";
import { StopGroundEnum } from "./person-state.types.js";

const staff = { compliance: true, admin: true } as const;

const KindEnum = builder.enumType("StopKind", {
  values: {
    STOP_USE: { description: "利用停止: stop using the data (for one purpose, or all)." },
    ERASURE: { description: "消去: erase the named items." },
    STOP_PROVISION: { description: "第三者提供の停止: stop providing to one recipient, or all." },
  } as const,
});

interface StopRow {
  id: string;
  personId: string;
  kind: string;
  ground: string;
  purposeCode: string | null;
  recipientId: string | null;
  items: unknown;
  statement: string;
  receivedAt: Date;
  status: string;
  decidedAt: Date | null;
  decisionReason: string | null;
  alternativeMeasures: string | null;
  noticeJa: string | null;
  noticeEn: string | null;
}

const StopRequestRef = builder.objectRef<StopRow>("StopRequest").implement({
  description: "A demand to stop use, erase or stop third-party provision (art. 35), and its decision.",
  fields: (t) => ({
    id: t.exposeID("id"),
    personId: t.exposeString("personId"),
    kind: t.exposeString("kind"),
    ground: t.exposeString("ground"),
    purpose: t.exposeString("purposeCode", { nullable: true }),
    recipientId: t.exposeString("recipientId", { nullable: true }),
    items: t.stringList({ resolve: (r) => (Array.isArray(r.items) ? r.items.map(String) : []) }),
    statement: t.exposeString("statement"),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    status: t.exposeString("status"),
    decidedAt: t.expose("decidedAt", { type: "DateTime", nullable: true }),
    decisionReason: t.exposeString("decisionReason", { nullable: true }),
    alternativeMeasures: t.exposeString("alternativeMeasures", { nullable: true }),
    noticeJa: t.exposeString("noticeJa", { nullable: true }),
    noticeEn: t.exposeString("noticeEn", { nullable: true }),
  }),
});

const HELD = new Set(PERSON_FIELDS.map((f) => f.item));
const ERASABLE = new Set(PERSON_FIELDS.filter((f) => "nullable" in f && f.nullable).map((f) => f.item));

async function load(tx: Pick<Db, "stopRequest">, id: string): Promise<StopRow> {
  const r = await tx.stopRequest.findUnique({ where: { id } });
  if (!r) badInput(`Stop request "${id}" does not exist.`);
  return r;
}

builder.mutationField("receiveStopRequest", (t) =>
  t.field({
    type: StopRequestRef,
    authScopes: staff,
    args: {
      personId: t.arg.string({ required: true }),
      kind: t.arg({ type: KindEnum, required: true }),
      ground: t.arg({ type: StopGroundEnum, required: true }),
      purpose: t.arg.string({ required: false, description: "STOP_USE: one purpose; omit for all." }),
      recipientId: t.arg.string({
        required: false,
        description: "STOP_PROVISION: one recipient; omit for all.",
      }),
      items: t.arg.stringList({ required: false, description: "ERASURE: the items to erase." }),
      statement: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!(await tx.person.findUnique({ where: { id: args.personId }, select: { id: true } })))
          badInput(`Person "${args.personId}" does not exist.`);
        const items = [...new Set(args.items ?? [])];
        rejectProblems(
          checkStopRequest({
            kind: args.kind,
            ground: args.ground,
            purposeCode: args.purpose ?? null,
            recipientId: args.recipientId ?? null,
            items,
            purposeExists: args.purpose
              ? (await tx.purpose.count({ where: { code: args.purpose } })) > 0
              : true,
            recipientExists: args.recipientId
              ? (await tx.recipient.count({ where: { id: args.recipientId } })) > 0
              : true,
            heldItems: HELD,
            erasableItems: ERASABLE,
          }),
        );
        const row = await tx.stopRequest.create({
          data: {
            personId: args.personId,
            kind: args.kind,
            ground: args.ground,
            purposeCode: args.kind === "STOP_USE" ? (args.purpose ?? null) : null,
            recipientId: args.kind === "STOP_PROVISION" ? (args.recipientId ?? null) : null,
            items: args.kind === "ERASURE" ? items : [],
            statement: args.statement,
            receivedAt: ctx.now,
            status: "RECEIVED",
          },
        });
        await audit(tx, ctx.principal, "stop.receive", "StopRequest", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("verifyStopRequest", (t) =>
  t.field({
    type: StopRequestRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }), identityVerification: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        rejectOutcome(checkStopTransition(before.status as StopStatus, "VERIFIED"));
        if (!args.identityVerification.trim())
          badInput("State how the person's identity was verified.", "APPI art. 37(1); CO 12");
        const after = await tx.stopRequest.update({
          where: { id: before.id },
          data: { status: "VERIFIED", identityVerification: args.identityVerification },
        });
        await audit(tx, ctx.principal, "stop.verify", "StopRequest", before.id, before, after);
        return after;
      }),
  }),
);

builder.mutationField("decideStopRequest", (t) =>
  t.field({
    type: StopRequestRef,
    description:
      "Grants (takes effect at once) or declines with alternative measures (35(2), (4), (6)); the notice to the person is written (35(7)).",
    authScopes: staff,
    args: {
      id: t.arg.id({ required: true }),
      grant: t.arg.boolean({ required: true }),
      reason: t.arg.string({ required: true }),
      alternativeMeasures: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        rejectOutcome(checkStopTransition(before.status as StopStatus, args.grant ? "GRANTED" : "REFUSED"));
        const kind = before.kind as StopKind;
        const items = Array.isArray(before.items) ? before.items.map(String) : [];
        rejectOutcome(
          checkStopDecision({
            grant: args.grant,
            reason: args.reason,
            alternativeMeasures: args.alternativeMeasures ?? null,
            kind,
            items,
            erasableItems: ERASABLE,
          }),
        );
        if (args.grant) await applyStop(tx as unknown as Db, before, kind, items, ctx.now);
        const notice = stopNotice(kind, args.grant, args.reason, args.alternativeMeasures ?? null);
        const after = await tx.stopRequest.update({
          where: { id: before.id },
          data: {
            status: args.grant ? "GRANTED" : "REFUSED",
            decidedAt: ctx.now,
            decisionReason: args.reason,
            alternativeMeasures: args.alternativeMeasures ?? null,
            noticeJa: notice.ja,
            noticeEn: notice.en,
          },
        });
        await audit(tx, ctx.principal, "stop.decide", "StopRequest", before.id, before, after);
        return after;
      }),
  }),
);

/** A granted stop: suspensions checked at query time (all purposes = one per purpose), or erased items. */
async function applyStop(db: Db, r: StopRow, kind: StopKind, items: string[], now: Date) {
  const base = {
    personId: r.personId,
    reason: `Stop request ${r.id}`,
    ground: r.ground as StopGround,
    receivedAt: now,
  };
  if (kind === "STOP_PROVISION") {
    await db.suspensionRequest.create({
      data: { ...base, scope: "THIRD_PARTY_PROVISION", recipientId: r.recipientId, purposeCode: null },
    });
  } else if (kind === "STOP_USE") {
    const purposes = r.purposeCode
      ? [r.purposeCode]
      : (await db.purpose.findMany({ select: { code: true } })).map((p) => p.code);
    await db.suspensionRequest.createMany({
      data: purposes.map((purposeCode) => ({
        ...base,
        scope: "USE_FOR_PURPOSE" as const,
        recipientId: null,
        purposeCode,
      })),
    });
  } else {
    const data: Record<string, null> = {};
    for (const f of PERSON_FIELDS) if (items.includes(f.item)) data[f.field] = null;
    await db.person.update({ where: { id: r.personId }, data });
  }
}
