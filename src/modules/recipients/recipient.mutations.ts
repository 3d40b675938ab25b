/** Admin mutations on recipients and their per-purpose item scopes; each is audited. */
import { builder } from "../../builder.js";
import { purposeItemsFrom } from "../catalog/catalog-snapshot.js";
import type { Db } from "../../db/client.js";
import { checkRecipientScope } from "../../policy/catalog-changes.js";
import { checkForeignRouteDeclared } from "../../policy/registration-checks.js";
import { bulkRecordingProblem } from "../../policy/retention.js";
import { audit } from "../audit/audit.js";
import { ForeignRouteEnum, LegalBasisEnum } from "../catalog/enums.js";
import { badInput, rejectProblems } from "../catalog/input-problems.js";
import { RECIPIENT_INCLUDE, RecipientRef } from "./recipient.type.js";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,39}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

const RecipientInput = builder.inputType("RecipientInput", {
  fields: (t) => ({
    id: t.string({ required: true, description: "Lowercase slug, e.g. hayate-logistics." }),
    name: t.string({ required: true }),
    address: t.string({ required: true }),
    representative: t.string({ required: true }),
    country: t.string({ required: false, description: "ISO 3166-1 alpha-2 (default JP)." }),
    legalBasis: t.field({ type: LegalBasisEnum, required: true }),
    foreignRoute: t.field({ type: ForeignRouteEnum, required: false }),
    contractRef: t.string({ required: true }),
    activeFrom: t.field({ type: "DateTime", required: true }),
    activeUntil: t.field({ type: "DateTime", required: false }),
    purposes: t.stringList({ required: true, description: "Purposes the contract or notice covers." }),
  }),
});

const RecipientChange = builder.inputType("RecipientChange", {
  fields: (t) => ({
    name: t.string({ required: false }),
    address: t.string({ required: false }),
    representative: t.string({ required: false }),
    contractRef: t.string({ required: false }),
    activeUntil: t.field({ type: "DateTime", required: false }),
    purposes: t.stringList({
      required: false,
      description: "Replaces the covered purposes; scopes of removed ones go.",
    }),
    bulkRecording: t.boolean({
      required: false,
      description: "Also keep bulk records of continuous provision (R19(2)); never for opt-out.",
    }),
  }),
});

async function knownPurposes(tx: Pick<Db, "purpose">, codes: string[]) {
  const rows = await tx.purpose.findMany({ where: { code: { in: codes } }, select: { code: true } });
  const known = new Set(rows.map((r) => r.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) badInput(`Unknown purpose(s): ${unknown.join(", ")}.`, "APPI art. 17(1)");
}

builder.mutationField("createRecipient", (t) =>
  t.field({
    type: RecipientRef,
    authScopes: { admin: true },
    args: { input: t.arg({ type: RecipientInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!ID_PATTERN.test(input.id)) badInput(`Recipient id "${input.id}" must be a lowercase slug.`);
        const country = input.country ?? "JP";
        if (!COUNTRY_PATTERN.test(country))
          badInput(`Country "${country}" must be an ISO 3166-1 alpha-2 code.`);
        rejectProblems(
          [checkForeignRouteDeclared(country, input.foreignRoute ?? null)].filter((p) => p !== null),
        );
        if (await tx.recipient.findUnique({ where: { id: input.id } }))
          badInput(`Recipient "${input.id}" exists.`);
        const purposes = [...new Set(input.purposes)];
        await knownPurposes(tx, purposes);
        const recipient = await tx.recipient.create({
          data: {
            id: input.id,
            name: input.name,
            address: input.address,
            representative: input.representative,
            country,
            legalBasis: input.legalBasis,
            foreignRoute: input.foreignRoute ?? null,
            contractRef: input.contractRef,
            activeFrom: input.activeFrom,
            activeUntil: input.activeUntil ?? null,
            purposes: { create: purposes.map((purposeCode) => ({ purposeCode })) },
          },
          include: RECIPIENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "recipient.create", "Recipient", recipient.id, null, recipient);
        return recipient;
      }),
  }),
);

builder.mutationField("updateRecipient", (t) =>
  t.field({
    type: RecipientRef,
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), change: t.arg({ type: RecipientChange, required: true }) },
    resolve: (_root, { id, change }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const recipientId = String(id);
        const before = await tx.recipient.findUnique({
          where: { id: recipientId },
          include: RECIPIENT_INCLUDE,
        });
        if (!before) badInput(`Recipient "${recipientId}" does not exist.`);
        const bulkProblem = change.bulkRecording ? bulkRecordingProblem(before.legalBasis) : null;
        if (bulkProblem) badInput(bulkProblem, "APPI R19(2)");
        if (change.purposes) {
          const purposes = [...new Set(change.purposes)];
          await knownPurposes(tx, purposes);
          await tx.recipientItem.deleteMany({ where: { recipientId, purposeCode: { notIn: purposes } } });
          await tx.recipientPurpose.deleteMany({ where: { recipientId } });
          await tx.recipientPurpose.createMany({
            data: purposes.map((purposeCode) => ({ recipientId, purposeCode })),
          });
        }
        const recipient = await tx.recipient.update({
          where: { id: recipientId },
          data: {
            ...(change.name != null ? { name: change.name } : {}),
            ...(change.address != null ? { address: change.address } : {}),
            ...(change.representative != null ? { representative: change.representative } : {}),
            ...(change.contractRef != null ? { contractRef: change.contractRef } : {}),
            ...(change.activeUntil !== undefined ? { activeUntil: change.activeUntil } : {}),
            ...(change.bulkRecording != null ? { bulkRecording: change.bulkRecording } : {}),
          },
          include: RECIPIENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "recipient.update", "Recipient", recipientId, before, recipient);
        return recipient;
      }),
  }),
);

builder.mutationField("setRecipientScope", (t) =>
  t.field({
    type: RecipientRef,
    description: "Sets the items a recipient may receive for one purpose (replacing the previous set).",
    authScopes: { admin: true },
    args: {
      recipientId: t.arg.id({ required: true }),
      purpose: t.arg.string({ required: true }),
      items: t.arg.stringList({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const recipientId = String(args.recipientId);
        const before = await tx.recipient.findUnique({
          where: { id: recipientId },
          include: RECIPIENT_INCLUDE,
        });
        if (!before) badInput(`Recipient "${recipientId}" does not exist.`);
        const purposeItems = await purposeItemsFrom(tx, args.purpose, ctx.now);
        const items = [...new Set(args.items)];
        const known = new Set((await tx.dataItem.findMany({ select: { code: true } })).map((i) => i.code));
        rejectProblems(
          checkRecipientScope({
            basis: before.legalBasis,
            contractPurposes: before.purposes.map((p) => p.purposeCode),
            purposeCode: args.purpose,
            purposeItems,
            items,
            knownItems: known,
          }),
        );
        await tx.recipientItem.deleteMany({ where: { recipientId, purposeCode: args.purpose } });
        await tx.recipientItem.createMany({
          data: items.map((itemCode) => ({ recipientId, purposeCode: args.purpose, itemCode })),
        });
        const after = await tx.recipient.findUniqueOrThrow({
          where: { id: recipientId },
          include: RECIPIENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "recipient.setScope", "Recipient", recipientId, before, after);
        return after;
      }),
  }),
);
