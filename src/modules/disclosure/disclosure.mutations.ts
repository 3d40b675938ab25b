/** The disclosure workflow for compliance staff: receive, verify, withhold, compile, deliver or refuse; audited. */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import { envInt } from "../../env.js";
import {
  checkTransition,
  checkVerification,
  type DisclosureStatus,
  disclosureDueBy,
} from "../../policy/disclosure.js";
import { audit } from "../audit/audit.js";
import { badInput } from "../catalog/input-problems.js";
import { compileResponse } from "./compile-response.js";
import {
  DISCLOSURE_INCLUDE,
  DisclosureRequestRef,
  type DisclosureRow,
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
  const problem = checkTransition(from, to);
  if (problem) badInput(problem, "APPI art. 33");
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
        if (problem) badInput(problem, "APPI art. 37");
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

const Compiled = builder
  .objectRef<{
    request: DisclosureRow;
    json: unknown;
    csv: string;
    html: string;
    partialRefusalNotice: string | null;
  }>("DisclosureResponse")
  .implement({
    fields: (t) => ({
      request: t.expose("request", { type: DisclosureRequestRef }),
      json: t.expose("json", { type: "JSON" }),
      csv: t.exposeString("csv"),
      html: t.exposeString("html"),
      partialRefusalNotice: t.exposeString("partialRefusalNotice", { nullable: true }),
    }),
  });

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
