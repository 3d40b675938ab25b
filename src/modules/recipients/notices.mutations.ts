/**
 * Registering a recipient's notices and checks (compliance and admin), audited:
 * opt-out notice and PPC filing (27(2)-(3)), joint-use notice (27(5)(iii)), foreign-provision
 * statement (28(2), R17), and periodic checks of a conforming system (28(3), R18).
 */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import { checkInForce, checkOptOutNotice, routeCInformation } from "../../policy/notices.js";
import {
  checkConformingCheck,
  checkForeignStatement,
  checkJointUseNoticeScope,
  checkNoticeBasis,
  checkOptOutNoticeItems,
} from "../../policy/registration-checks.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectOutcome } from "../catalog/input-problems.js";

const staff = { compliance: true, admin: true } as const;

async function recipientWithBasis(tx: Pick<Db, "recipient">, id: string) {
  const r = await tx.recipient.findUnique({ where: { id } });
  if (!r) badInput(`Recipient "${id}" does not exist.`);
  return r;
}

const OptOutNoticeInput = builder.inputType("OptOutNoticeInput", {
  fields: (t) => ({
    providerName: t.string({ required: true }),
    providerAddress: t.string({ required: true }),
    providerRepresentative: t.string({ required: true }),
    items: t.stringList({ required: true }),
    acquisitionMethod: t.string({ required: true }),
    provisionMethod: t.string({ required: true }),
    stopOnRequest: t.boolean({ required: true }),
    requestMethod: t.string({ required: true }),
    updateMethod: t.string({ required: true }),
    ppcFiledAt: t.field({ type: "DateTime", required: true }),
    startsAt: t.field({ type: "DateTime", required: true }),
  }),
});

builder.mutationField("setOptOutNotice", (t) =>
  t.field({
    type: "JSON",
    description: "Registers (or replaces) the opt-out notice and PPC filing for an opt-out recipient.",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      input: t.arg({ type: OptOutNoticeInput, required: true }),
    },
    resolve: (_root, { recipientId, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await recipientWithBasis(tx, recipientId);
        rejectOutcome(checkNoticeBasis("OPT_OUT", recipientId, r.legalBasis));
        rejectOutcome(checkOptOutNotice(input, [], input.startsAt));
        const classes = new Map(
          (await tx.dataItem.findMany({ select: { code: true, class: true } })).map((i) => [i.code, i.class]),
        );
        rejectOutcome(checkOptOutNoticeItems(input.items, classes));
        const before = await tx.optOutNotice.findUnique({ where: { recipientId } });
        const after = await tx.optOutNotice.upsert({
          where: { recipientId },
          create: { recipientId, ...input },
          update: input,
        });
        await audit(tx, ctx.principal, "optOutNotice.set", "Recipient", recipientId, before, after);
        return after;
      }),
  }),
);

const JointUseNoticeInput = builder.inputType("JointUseNoticeInput", {
  fields: (t) => ({
    jointUsers: t.string({ required: true }),
    items: t.stringList({ required: true }),
    purposes: t.stringList({ required: true }),
    responsibleName: t.string({ required: true }),
    responsibleAddress: t.string({ required: true }),
    responsibleRepresentative: t.string({ required: true }),
    announcedAt: t.field({ type: "DateTime", required: true }),
  }),
});

builder.mutationField("setJointUseNotice", (t) =>
  t.field({
    type: "JSON",
    description: "Registers (or replaces) the joint-use notice of a joint user.",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      input: t.arg({ type: JointUseNoticeInput, required: true }),
    },
    resolve: (_root, { recipientId, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await recipientWithBasis(tx, recipientId);
        rejectOutcome(checkNoticeBasis("JOINT_USE", recipientId, r.legalBasis));
        rejectOutcome(checkJointUseNoticeScope(input.items, input.purposes));
        const before = await tx.jointUseNotice.findUnique({ where: { recipientId } });
        const after = await tx.jointUseNotice.upsert({
          where: { recipientId },
          create: { recipientId, ...input },
          update: input,
        });
        await audit(tx, ctx.principal, "jointUseNotice.set", "Recipient", recipientId, before, after);
        return after;
      }),
  }),
);

const ForeignStatementInput = builder.inputType("ForeignStatementInput", {
  fields: (t) => ({
    country: t.string({
      required: false,
      description: "ISO 3166-1 alpha-2; omit when unknown and give the reason.",
    }),
    countryUnknownReason: t.string({ required: false }),
    substituteInformation: t.string({
      required: false,
      description: "When the country is unknown: what can be told instead (R17(3)-(4)).",
    }),
    protectionSystem: t.string({
      required: true,
      description: "That country's personal-information protection system.",
    }),
    recipientMeasures: t.string({ required: true, description: "The recipient's protective measures." }),
  }),
});

builder.mutationField("publishForeignStatement", (t) =>
  t.field({
    type: "JSON",
    description:
      "Publishes a new version of what people are told before consenting to provision abroad (R17). Consents record the version.",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      input: t.arg({ type: ForeignStatementInput, required: true }),
    },
    resolve: (_root, { recipientId, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await recipientWithBasis(tx, recipientId);
        rejectOutcome(
          checkForeignStatement({
            recipientId,
            recipientCountry: r.country,
            country: input.country ?? null,
            countryUnknownReason: input.countryUnknownReason ?? null,
            substituteInformation: input.substituteInformation ?? null,
          }),
        );
        const last = await tx.foreignStatement.findFirst({
          where: { recipientId },
          orderBy: { version: "desc" },
        });
        const row = await tx.foreignStatement.create({
          data: {
            recipientId,
            version: (last?.version ?? 0) + 1,
            country: input.country ?? null,
            countryUnknownReason: input.countryUnknownReason ?? null,
            substituteInformation: input.substituteInformation ?? null,
            protectionSystem: input.protectionSystem,
            recipientMeasures: input.recipientMeasures,
            publishedAt: ctx.now,
          },
        });
        await audit(tx, ctx.principal, "foreignStatement.publish", "Recipient", recipientId, last, row);
        return row;
      }),
  }),
);

const ConformingCheckInput = builder.inputType("ConformingSystemCheckInput", {
  fields: (t) => ({
    basis: t.string({ required: true, description: "CONTRACT, GROUP_RULES or CBPR." }),
    checkedAt: t.field({ type: "DateTime", required: true }),
    nextCheckDue: t.field({ type: "DateTime", required: true }),
    findings: t.string({ required: true }),
    measuresAssured: t.boolean({ required: true, description: "False stops provision (art. 28(3))." }),
  }),
});

builder.mutationField("recordConformingSystemCheck", (t) =>
  t.field({
    type: "JSON",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      input: t.arg({ type: ConformingCheckInput, required: true }),
    },
    resolve: (_root, { recipientId, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await recipientWithBasis(tx, recipientId);
        rejectOutcome(checkConformingCheck({ recipientId, foreignRoute: r.foreignRoute, ...input }));
        const row = await tx.conformingSystemCheck.create({ data: { recipientId, ...input } });
        await audit(tx, ctx.principal, "conformingCheck.record", "Recipient", recipientId, null, row);
        return row;
      }),
  }),
);

const RouteCInfo = builder.objectRef<{ ja: string; en: string }>("ForeignProvisionInformation").implement({
  description: "What a person who asks is told about a route C recipient (art. 28(3), R18(3)).",
  fields: (t) => ({ ja: t.exposeString("ja"), en: t.exposeString("en") }),
});

builder.queryField("foreignProvisionInformation", (t) =>
  t.field({
    type: RouteCInfo,
    description:
      "For staff answering a person: the art. 28(3) information about a route C recipient, in Japanese and English.",
    authScopes: staff,
    args: { recipientId: t.arg.string({ required: true }) },
    resolve: async (_root, { recipientId }, ctx) => {
      const r = await recipientWithBasis(ctx.db, recipientId);
      if (r.foreignRoute !== "CONFORMING_SYSTEM")
        badInput(`Recipient "${recipientId}" is not on route C.`, "APPI art. 28(3)");
      const checks = await ctx.db.conformingSystemCheck.findMany({ where: { recipientId } });
      const current = checkInForce(checks, ctx.now);
      const check = current ? (checks.find((c) => c === current) ?? null) : null;
      return routeCInformation(r, check, ctx.now);
    },
  }),
);
