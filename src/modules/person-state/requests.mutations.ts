/** Opt-out requests (27(2)), suspension requests (35) and art. 31 pledges: register and end; audited. */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import { audit } from "../audit/audit.js";
import { checkStopGround } from "../../policy/stop-grounds.js";
import { badInput, rejectOutcome } from "../catalog/input-problems.js";
import {
  StopGroundEnum,
  OptOutRequestRef,
  ReferablePledgeRef,
  SuspensionRequestRef,
  SuspensionScopeEnum,
} from "./person-state.types.js";

async function requirePerson(tx: Pick<Db, "person">, id: string) {
  if (!(await tx.person.findUnique({ where: { id }, select: { id: true } })))
    badInput(`Person "${id}" does not exist.`);
}
async function requireRecipient(tx: Pick<Db, "recipient">, id: string | null | undefined) {
  if (id && !(await tx.recipient.findUnique({ where: { id }, select: { id: true } })))
    badInput(`Recipient "${id}" does not exist.`);
}
const staff = { compliance: true, admin: true } as const;

builder.mutationField("registerOptOutRequest", (t) =>
  t.field({
    type: OptOutRequestRef,
    description: "A person's request to stop opt-out provision; takes effect at once.",
    authScopes: staff,
    args: {
      personId: t.arg.string({ required: true }),
      recipientId: t.arg.string({ required: false, description: "Omit for all opt-out recipients." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        await requirePerson(tx, args.personId);
        await requireRecipient(tx, args.recipientId);
        const row = await tx.optOutRequest.create({
          data: { personId: args.personId, recipientId: args.recipientId ?? null, receivedAt: ctx.now },
        });
        await audit(tx, ctx.principal, "optOutRequest.register", "OptOutRequest", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("withdrawOptOutRequest", (t) =>
  t.field({
    type: OptOutRequestRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const id = String(args.id);
        const before = await tx.optOutRequest.findUnique({ where: { id } });
        if (!before) badInput(`Opt-out request "${id}" does not exist.`);
        if (before.withdrawnAt) badInput(`Opt-out request "${id}" was already withdrawn.`);
        const after = await tx.optOutRequest.update({ where: { id }, data: { withdrawnAt: ctx.now } });
        await audit(tx, ctx.principal, "optOutRequest.withdraw", "OptOutRequest", id, before, after);
        return after;
      }),
  }),
);

const SuspensionInput = builder.inputType("SuspensionRequestInput", {
  fields: (t) => ({
    personId: t.string({ required: true }),
    scope: t.field({ type: SuspensionScopeEnum, required: true }),
    recipientId: t.string({
      required: false,
      description: "THIRD_PARTY_PROVISION: one recipient; omit for all.",
    }),
    purpose: t.string({ required: false, description: "USE_FOR_PURPOSE: the purpose to stop." }),
    reason: t.string({ required: true }),
    ground: t.field({
      type: StopGroundEnum,
      required: false,
      description: "Why it may be demanded; decides the article cited (35(1), 35(3) or 35(5)).",
    }),
  }),
});

builder.mutationField("registerSuspensionRequest", (t) =>
  t.field({
    type: SuspensionRequestRef,
    description:
      "A person's demand to stop use or third-party provision (art. 35); takes effect at once for every basis but legal exceptions.",
    authScopes: staff,
    args: { input: t.arg({ type: SuspensionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        await requirePerson(tx, input.personId);
        if (input.ground) rejectOutcome(checkStopGround(input.scope, input.ground));
        if (input.scope === "USE_FOR_PURPOSE") {
          if (!input.purpose || input.recipientId)
            badInput("USE_FOR_PURPOSE names a purpose and no recipient.");
          if (!(await tx.purpose.findUnique({ where: { code: input.purpose } })))
            badInput(`Purpose "${input.purpose}" does not exist.`);
        } else {
          if (input.purpose)
            badInput("THIRD_PARTY_PROVISION names a recipient (or none, for all), not a purpose.");
          await requireRecipient(tx, input.recipientId);
        }
        const row = await tx.suspensionRequest.create({
          data: {
            personId: input.personId,
            scope: input.scope,
            recipientId: input.recipientId ?? null,
            purposeCode: input.purpose ?? null,
            reason: input.reason,
            ground: input.ground ?? null,
            receivedAt: ctx.now,
          },
        });
        await audit(tx, ctx.principal, "suspensionRequest.register", "SuspensionRequest", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("liftSuspensionRequest", (t) =>
  t.field({
    type: SuspensionRequestRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const id = String(args.id);
        const before = await tx.suspensionRequest.findUnique({ where: { id } });
        if (!before) badInput(`Suspension request "${id}" does not exist.`);
        if (before.liftedAt) badInput(`Suspension request "${id}" was already lifted.`);
        const after = await tx.suspensionRequest.update({ where: { id }, data: { liftedAt: ctx.now } });
        await audit(tx, ctx.principal, "suspensionRequest.lift", "SuspensionRequest", id, before, after);
        return after;
      }),
  }),
);

builder.mutationField("registerReferablePledge", (t) =>
  t.field({
    type: ReferablePledgeRef,
    description:
      "Records the recipient's confirmed pledge of the person's consent to linking (art. 31); omit personId for a batch pledge.",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      personId: t.arg.string({ required: false }),
      pledgeRef: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        await requireRecipient(tx, args.recipientId);
        if (args.personId) await requirePerson(tx, args.personId);
        const row = await tx.referablePledge.create({
          data: {
            recipientId: args.recipientId,
            personId: args.personId ?? null,
            pledgeRef: args.pledgeRef,
            confirmedAt: ctx.now,
          },
        });
        await audit(tx, ctx.principal, "referablePledge.register", "ReferablePledge", row.id, null, row);
        return row;
      }),
  }),
);

builder.mutationField("withdrawReferablePledge", (t) =>
  t.field({
    type: ReferablePledgeRef,
    authScopes: staff,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const id = String(args.id);
        const before = await tx.referablePledge.findUnique({ where: { id } });
        if (!before) badInput(`Pledge "${id}" does not exist.`);
        if (before.withdrawnAt) badInput(`Pledge "${id}" was already withdrawn.`);
        const after = await tx.referablePledge.update({ where: { id }, data: { withdrawnAt: ctx.now } });
        await audit(tx, ctx.principal, "referablePledge.withdraw", "ReferablePledge", id, before, after);
        return after;
      }),
  }),
);
