/**
 * Publishing a recipient's notices and checks (compliance and admin), audited, as new
 * versions that never rewrite the past: opt-out notice, its changes and cessation with
 * their PPC filings (27(2)-(3)), joint-use notice (27(5)(iii), 27(6)), foreign-provision
 * statement (28(2), R17), and periodic checks of a conforming system (28(3), R18).
 */
import { builder } from "../../builder.js";
import type { Db } from "../../db/client.js";
import {
  checkJointUseVersion,
  checkOptOutCessation,
  checkOptOutVersion,
} from "../../policy/notice-versions.js";
import { checkInForce, checkOptOutNotice, routeCInformation } from "../../policy/notices.js";
import {
  checkConformingCheck,
  checkForeignStatement,
  checkJointUseNoticeScope,
  checkNoticeBasis,
  checkOptOutNoticeItems,
} from "../../policy/registration-checks.js";
import { versionInForce } from "../../policy/versions.js";
import { audit } from "../audit/audit.js";
import { catalogAt, loadCatalogVersions } from "../catalog/catalog-snapshot.js";
import { badInput, rejectOutcome, rejectProblems } from "../catalog/input-problems.js";
import { optOutWaitingDays } from "./opt-out-settings.js";
import {
  type JointUseNoticeVersion,
  type OptOutNoticeVersion,
  toJointUseVersion,
  toOptOutVersion,
} from "./recipient-context.js";

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
    purposeStatement: t.string({
      required: true,
      description: "That provision to third parties is a purpose of use (art. 27(2)(ii)).",
    }),
    items: t.stringList({ required: true }),
    acquisitionMethod: t.string({ required: true }),
    provisionMethod: t.string({ required: true }),
    stopOnRequest: t.boolean({ required: true }),
    requestMethod: t.string({ required: true }),
    updateMethod: t.string({ required: true }),
    notifiedAt: t.field({
      type: "DateTime",
      required: true,
      description: "When people were notified, or the notice made easy to know (Rules art. 11(1)).",
    }),
    ppcFiledAt: t.field({
      type: "DateTime",
      required: true,
      description: "The PPC filing of this notice or change (art. 27(2)-(3)).",
    }),
    startsAt: t.field({
      type: "DateTime",
      required: true,
      description: "When provision under this version starts: at least the waiting period after notifiedAt.",
    }),
  }),
});

const OptOutNoticeRef = builder.objectRef<OptOutNoticeVersion>("OptOutNotice").implement({
  description: "One version of an opt-out notice and its PPC filing (art. 27(2)-(3)).",
  fields: (t) => ({
    id: t.exposeString("id"),
    version: t.exposeInt("version"),
    items: t.exposeStringList("items"),
    purposeStatement: t.exposeString("purposeStatement"),
    notifiedAt: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.notifiedAt }),
    ppcFiledAt: t.field({ type: "DateTime", resolve: (n) => n.ppcFiledAt }),
    announcedAt: t.field({ type: "DateTime", resolve: (n) => n.announcedAt }),
    startsAt: t.field({ type: "DateTime", resolve: (n) => n.startsAt }),
    effectiveUntil: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.effectiveUntil }),
  }),
});

builder.mutationField("publishOptOutNotice", (t) =>
  t.field({
    type: OptOutNoticeRef,
    description:
      "Publishes a version of the opt-out notice of an opt-out recipient (the first notice or a change, each filed with the PPC). Earlier versions end when it starts.",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      input: t.arg({ type: OptOutNoticeInput, required: true }),
    },
    resolve: (_root, { recipientId, input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await recipientWithBasis(tx, recipientId);
        rejectOutcome(checkNoticeBasis("OPT_OUT", recipientId, r.legalBasis));
        const waitingDays = optOutWaitingDays();
        const problem = checkOptOutNotice({ ...input, waitingDays }, [], input.startsAt);
        if (problem?.code === "OPT_OUT_NOTICE_INCOMPLETE") rejectOutcome(problem);
        const existing = await tx.optOutNotice.findMany({
          where: { recipientId },
          orderBy: { version: "asc" },
        });
        rejectProblems(
          checkOptOutVersion(
            { ...input, announcedAt: ctx.now },
            existing.map((n) => ({ ...n, effectiveFrom: n.startsAt })),
            waitingDays,
            ctx.now,
          ),
        );
        const classes = catalogAt(await loadCatalogVersions(tx), input.startsAt).classes;
        rejectOutcome(checkOptOutNoticeItems(input.items, classes));
        await tx.optOutNotice.updateMany({
          where: { recipientId, effectiveUntil: null },
          data: { effectiveUntil: input.startsAt },
        });
        const row = await tx.optOutNotice.create({
          data: {
            recipientId,
            version: (existing.at(-1)?.version ?? 0) + 1,
            ...input,
            announcedAt: ctx.now,
          },
        });
        await audit(
          tx,
          ctx.principal,
          "optOutNotice.publish",
          "Recipient",
          recipientId,
          existing.at(-1) ?? null,
          row,
        );
        return toOptOutVersion(row, waitingDays);
      }),
  }),
);

builder.mutationField("ceaseOptOutProvision", (t) =>
  t.field({
    type: OptOutNoticeRef,
    description:
      "Ends opt-out provision to a recipient from ceasedAt; the cessation is filed with the PPC (art. 27(3)).",
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      ceasedAt: t.arg({ type: "DateTime", required: true }),
      cessationFiledAt: t.arg({ type: "DateTime", required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const versions = (
          await tx.optOutNotice.findMany({
            where: { recipientId: args.recipientId },
            orderBy: { version: "asc" },
          })
        ).map((n) => toOptOutVersion(n));
        const current = versionInForce(versions, args.ceasedAt) ?? versions.at(-1) ?? null;
        rejectProblems(
          checkOptOutCessation(
            current && current.effectiveUntil === null ? current : null,
            args.ceasedAt,
            args.cessationFiledAt,
            ctx.now,
          ),
        );
        const row = await tx.optOutNotice.update({
          where: { id: current!.id },
          data: {
            effectiveUntil: args.ceasedAt,
            ceasedAt: args.ceasedAt,
            cessationFiledAt: args.cessationFiledAt,
          },
        });
        await audit(tx, ctx.principal, "optOutNotice.cease", "Recipient", args.recipientId, current, row);
        return toOptOutVersion(row);
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
    announcedAt: t.field({ type: "DateTime", required: false, description: "Default now; never earlier." }),
    effectiveFrom: t.field({
      type: "DateTime",
      required: false,
      description:
        "Default: the announcement. A change of purposes or responsible party needs a later date (art. 27(6)).",
    }),
  }),
});

const JointUseNoticeRef = builder.objectRef<JointUseNoticeVersion>("JointUseNotice").implement({
  description: "One version of a joint-use notice (art. 27(5)(iii)).",
  fields: (t) => ({
    id: t.exposeString("id"),
    version: t.exposeInt("version"),
    jointUsers: t.exposeString("jointUsers"),
    items: t.exposeStringList("items"),
    purposes: t.exposeStringList("purposes"),
    responsibleName: t.exposeString("responsibleName"),
    announcedAt: t.field({ type: "DateTime", resolve: (n) => n.announcedAt }),
    effectiveFrom: t.field({ type: "DateTime", resolve: (n) => n.effectiveFrom }),
    effectiveUntil: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.effectiveUntil }),
  }),
});

builder.mutationField("publishJointUseNotice", (t) =>
  t.field({
    type: JointUseNoticeRef,
    description:
      "Publishes a version of a joint user's notice. Items and joint users never change (art. 27(6)); purposes and the responsible party change only from a later announced date.",
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
        const existing = (
          await tx.jointUseNotice.findMany({ where: { recipientId }, orderBy: { version: "asc" } })
        ).map(toJointUseVersion);
        const announcedAt = input.announcedAt ?? ctx.now;
        const draft = {
          ...input,
          items: [...new Set(input.items)],
          purposes: [...new Set(input.purposes)],
          announcedAt,
          effectiveFrom: input.effectiveFrom ?? announcedAt,
        };
        const known = new Set((await tx.purpose.findMany({ select: { code: true } })).map((p) => p.code));
        rejectProblems(checkJointUseVersion(draft, existing.at(-1) ?? null, existing, known, ctx.now));
        await tx.jointUseNotice.updateMany({
          where: { recipientId, effectiveUntil: null },
          data: { effectiveUntil: draft.effectiveFrom },
        });
        const row = await tx.jointUseNotice.create({
          data: { recipientId, version: (existing.at(-1)?.version ?? 0) + 1, ...draft },
        });
        await audit(
          tx,
          ctx.principal,
          "jointUseNotice.publish",
          "Recipient",
          recipientId,
          existing.at(-1) ?? null,
          row,
        );
        return toJointUseVersion(row);
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
        // The previous version is replaced from now, never rewritten.
        await tx.foreignStatement.updateMany({
          where: { recipientId, effectiveUntil: null },
          data: { effectiveUntil: ctx.now },
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
