/** The disclosure workflow for compliance staff: receive, verify, withhold, compile, deliver or refuse; audited. */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import { envInt } from "../../env.js";
import {
  checkPartRefusal,
  checkTransition,
  checkVerification,
  type DisclosureStatus,
  disclosureDueBy,
} from "../../policy/disclosure.js";
import { logRecordAccess } from "../access-audit/record-access.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectOutcome } from "../catalog/input-problems.js";
import { PERSON_FIELDS, ORDER_HISTORY_ITEM } from "../people/person-items.js";
import { type CompiledResponse, compileResponse, type Delivery } from "./compile-response.js";
import {
  DISCLOSURE_INCLUDE,
  DisclosureRequestRef,
  type DisclosureRow,
  RefusalGroundEnum,
  WithholdingGroundEnum,
} from "./disclosure-request.type.js";

const staff = { compliance: true, admin: true } as const;

/** The fee per request (art. 38: reasonable, actual cost); the demo company charges 1,000 yen. */
export const DISCLOSURE_FEE_YEN = envInt(process.env, "TEIKYO_DISCLOSURE_FEE_YEN", 1000, 0);

const DeliveryMethod = builder.enumType("DisclosureDeliveryMethod", {
  values: ["ELECTRONIC_JSON", "ELECTRONIC_CSV", "WEB_PAGE", "POSTAL_MAIL"] as const,
});

async function load(tx: Pick<Db, "disclosureRequest">, id: string) {
  const r = await tx.disclosureRequest.findUnique({ where: { id }, include: DISCLOSURE_INCLUDE });
  if (!r) badInput(`Disclosure request "${id}" does not exist.`);
  return r;
}

function transition(from: DisclosureStatus, to: DisclosureStatus) {
  rejectOutcome(checkTransition(from, to));
}

const ReceiveInput = builder.inputType("DisclosureRequestInput", {
  fields: (t) => ({
    personId: t.string({ required: true }),
    deliveryMethod: t.field({ type: DeliveryMethod, required: true }),
    agentName: t.string({ required: false, description: "Set when an agent makes the request." }),
    receivedAt: t.field({ type: "DateTime", required: false, description: "Default: now." }),
  }),
});

builder.mutationField("receiveDisclosureRequest", (t) =>
  t.field({
    type: DisclosureRequestRef,
    authScopes: staff,
    args: { input: t.arg({ type: ReceiveInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!(await tx.person.findUnique({ where: { id: input.personId }, select: { id: true } }))) {
          badInput(`Person "${input.personId}" does not exist.`);
        }
        const receivedAt = input.receivedAt ?? ctx.now;
        const row = await tx.disclosureRequest.create({
          data: {
            personId: input.personId,
            receivedAt,
            dueBy: disclosureDueBy(receivedAt),
            deliveryMethod: input.deliveryMethod,
            agentName: input.agentName ?? null,
            feeYen: DISCLOSURE_FEE_YEN,
            status: "RECEIVED",
          },
          include: DISCLOSURE_INCLUDE,
        });
        await audit(tx, ctx.principal, "disclosure.receive", "DisclosureRequest", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("verifyDisclosureRequest", (t) =>
  t.field({
    type: DisclosureRequestRef,
    authScopes: staff,
    args: {
      id: t.arg.id({ required: true }),
      identityVerification: t.arg.string({
        required: true,
        description: "How identity was checked (art. 37).",
      }),
      agentAuthority: t.arg.string({ required: false, description: "An agent's proof of authority." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        transition(before.status, "VERIFIED");
        const problem = checkVerification({
          identityVerification: args.identityVerification,
          agentName: before.agentName,
          agentAuthority: args.agentAuthority ?? null,
        });
        rejectOutcome(problem);
        const after = await tx.disclosureRequest.update({
          where: { id: before.id },
          data: {
            status: "VERIFIED",
            identityVerification: args.identityVerification,
            agentAuthority: args.agentAuthority ?? null,
          },
          include: DISCLOSURE_INCLUDE,
        });
        await audit(tx, ctx.principal, "disclosure.verify", "DisclosureRequest", before.id, before, after);
        return after;
      }),
  }),
);

builder.mutationField("withholdProvisionRecord", (t) =>
  t.field({
    type: DisclosureRequestRef,
    description:
      "Withholds one provision record from this disclosure on a CO 11 ground; the person is told that part was refused, and why.",
    authScopes: staff,
    args: {
      requestId: t.arg.id({ required: true }),
      eventId: t.arg.string({ required: true }),
      ground: t.arg({ type: WithholdingGroundEnum, required: true }),
      note: t.arg.string({ required: true, description: "Internal reasoning, kept with the request." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.requestId));
        if (before.status === "DELIVERED" || before.status === "REFUSED")
          badInput(`The request is already ${before.status.toLowerCase()}.`);
        const event = await tx.provisionEvent.findUnique({
          where: { id: args.eventId },
          include: { people: { where: { personId: before.personId } } },
        });
        if (!event || event.people.length === 0)
          badInput(`Provision record "${args.eventId}" is not about person "${before.personId}".`);
        await tx.disclosureWithholding.upsert({
          where: { requestId_eventId: { requestId: before.id, eventId: args.eventId } },
          create: { requestId: before.id, eventId: args.eventId, ground: args.ground, note: args.note },
          update: { ground: args.ground, note: args.note },
        });
        const after = await load(tx, before.id);
        await audit(tx, ctx.principal, "disclosure.withhold", "DisclosureRequest", before.id, before, after);
        return after;
      }),
  }),
);

const DeliveryRef = builder.objectRef<Delivery>("DisclosureDelivery").implement({
  description: "The response in the form it goes to the person (art. 33(2)).",
  fields: (t) => ({
    form: t.exposeString("form"),
    mediaType: t.exposeString("mediaType"),
    fileName: t.exposeString("fileName"),
    body: t.exposeString("body"),
  }),
});

const Compiled = builder
  .objectRef<{ request: DisclosureRow } & CompiledResponse>("DisclosureResponse")
  .implement({
    fields: (t) => ({
      request: t.expose("request", { type: DisclosureRequestRef }),
      json: t.expose("json", { type: "JSON" }),
      csv: t.exposeString("csv", { description: "UTF-8 with BOM, so Excel opens it." }),
      html: t.exposeString("html"),
      partialRefusalNotice: t.string({
        nullable: true,
        description: "The notice of refused parts or method, Japanese then English (art. 33(3), 36).",
        resolve: (c) => (c.notice ? `${c.notice.ja}\n\n${c.notice.en}` : null),
      }),
      noticeJa: t.string({ nullable: true, resolve: (c) => c.notice?.ja ?? null }),
      noticeEn: t.string({ nullable: true, resolve: (c) => c.notice?.en ?? null }),
      delivery: t.expose("delivery", { type: DeliveryRef }),
    }),
  });

builder.mutationField("refuseDisclosurePart", (t) =>
  t.field({
    type: DisclosureRequestRef,
    description:
      "Refuses one part (an item code, or RECORDS) on an art. 33(2) ground; the response then tells the person, with the reason.",
    authScopes: staff,
    args: {
      requestId: t.arg.id({ required: true }),
      part: t.arg.string({ required: true }),
      ground: t.arg({ type: RefusalGroundEnum, required: true }),
      reason: t.arg.string({ required: true, description: "The reason the person reads." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.requestId));
        if (before.status !== "VERIFIED" && before.status !== "COMPILED")
          rejectOutcome(checkTransition(before.status, "COMPILED"));
        const held = args.part === "RECORDS" || PERSON_ITEMS.has(args.part);
        rejectOutcome(checkPartRefusal({ part: args.part, reason: args.reason }, held));
        await tx.disclosurePartRefusal.create({
          data: { requestId: before.id, part: args.part, ground: args.ground, reason: args.reason },
        });
        const after = await load(tx, before.id);
        await audit(
          tx,
          ctx.principal,
          "disclosure.refusePart",
          "DisclosureRequest",
          before.id,
          strip(before),
          strip(after),
        );
        return after;
      }),
  }),
);

builder.mutationField("setDisclosureMethodDifficult", (t) =>
  t.field({
    type: DisclosureRequestRef,
    description:
      "The method asked for is difficult: the response goes in writing and the person is told why (art. 33(2)-(3)).",
    authScopes: staff,
    args: { requestId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.requestId));
        if (before.status !== "VERIFIED" && before.status !== "COMPILED")
          rejectOutcome(checkTransition(before.status, "COMPILED"));
        if (!args.reason.trim()) badInput("State why the method asked for is difficult.", "APPI art. 33(3)");
        const after = await tx.disclosureRequest.update({
          where: { id: before.id },
          data: { methodDifficultReason: args.reason },
          include: DISCLOSURE_INCLUDE,
        });
        await audit(
          tx,
          ctx.principal,
          "disclosure.methodDifficult",
          "DisclosureRequest",
          before.id,
          strip(before),
          strip(after),
        );
        return after;
      }),
  }),
);

/** The audit keeps the workflow, not the personal data compiled. */
function strip<T extends { compiledJson?: unknown }>(row: T): Omit<T, "compiledJson"> {
  const { compiledJson: _c, ...rest } = row;
  return rest;
}

const PERSON_ITEMS: ReadonlySet<string> = new Set([...PERSON_FIELDS.map((f) => f.item), ORDER_HISTORY_ITEM]);

builder.mutationField("compileDisclosureResponse", (t) =>
  t.field({
    type: Compiled,
    description:
      "Compiles the person's retained data and provision records (JSON, CSV, HTML). Only compliance staff see it, to deliver it.",
    authScopes: staff,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        transition(before.status, "COMPILED");
        await logRecordAccess(tx, {
          principal: ctx.principal,
          action: "DISCLOSURE_COMPILE",
          filter: { personId: before.personId, disclosureRequestId: before.id },
          requestId: ctx.requestId,
          at: ctx.now,
        });
        const compiled = await compileResponse(tx as unknown as Db, before, ctx.now);
        const after = await tx.disclosureRequest.update({
          where: { id: before.id },
          data: { status: "COMPILED", compiledAt: ctx.now, compiledJson: compiled.json as object },
          include: DISCLOSURE_INCLUDE,
        });
        // The audit keeps the workflow, not the personal data compiled.
        const { compiledJson: _a, ...shownBefore } = before;
        const { compiledJson: _b, ...shownAfter } = after;
        await audit(
          tx,
          ctx.principal,
          "disclosure.compile",
          "DisclosureRequest",
          before.id,
          shownBefore,
          shownAfter,
        );
        return { request: after, ...compiled };
      }),
  }),
);

builder.mutationField("markDisclosureDelivered", (t) =>
  t.field({
    type: DisclosureRequestRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        transition(before.status, "DELIVERED");
        const after = await tx.disclosureRequest.update({
          where: { id: before.id },
          data: { status: "DELIVERED", deliveredAt: ctx.now },
          include: DISCLOSURE_INCLUDE,
        });
        const { compiledJson: _a, ...b } = before;
        const { compiledJson: _b, ...a } = after;
        await audit(tx, ctx.principal, "disclosure.deliver", "DisclosureRequest", before.id, b, a);
        return after;
      }),
  }),
);

builder.mutationField("refuseDisclosureRequest", (t) =>
  t.field({
    type: DisclosureRequestRef,
    description:
      "Refuses the whole request; the person must be told without delay, with the reason (art. 33(3)).",
    authScopes: staff,
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const before = await load(tx, String(args.id));
        transition(before.status, "REFUSED");
        if (!args.reason.trim()) badInput("A refusal states its reason (art. 33(3)).", "APPI art. 33(3)");
        const after = await tx.disclosureRequest.update({
          where: { id: before.id },
          data: { status: "REFUSED", refusalReason: args.reason },
          include: DISCLOSURE_INCLUDE,
        });
        const { compiledJson: _a, ...b } = before;
        const { compiledJson: _b, ...a } = after;
        await audit(tx, ctx.principal, "disclosure.refuse", "DisclosureRequest", before.id, b, a);
        return after;
      }),
  }),
);
