/**
 * The receipt ledger (art. 30 for data coming in): ReceiptRecord, Mutation.recordReceipt and
 * Query.receiptRecords for compliance staff. Recording a receipt also marks how the company
 * now holds each person's data, so opt-out data is never passed on by opt-out (27(2)).
 */
import { builder } from "../../builder.js";
import { checkReceipt, acquisitionAfterReceipt, receiptKeepUntil } from "../../policy/receipts.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectProblems } from "../catalog/input-problems.js";

const staff = { compliance: true, admin: true } as const;

const ReceiptBasisEnum = builder.enumType("ReceiptBasis", {
  values: {
    CONSENT: { description: "The provider gave it with the people's consent (art. 27(1))." },
    OPT_OUT: { description: "The provider gave it by opt-out (art. 27(2)); needs the PPC publication." },
  } as const,
});

interface ReceiptRow {
  id: string;
  receivedAt: Date;
  providerName: string;
  providerAddress: string;
  providerRepresentative: string;
  providerAcquisition: string;
  basis: string;
  ppcPublication: string | null;
  items: unknown;
  keepUntil: Date;
  recordedAt: Date;
  people: { personId: string }[];
}

export const ReceiptRecordRef = builder.objectRef<ReceiptRow>("ReceiptRecord").implement({
  description: "Data received from a third party, as confirmed and recorded (art. 30(1), (3); R24).",
  fields: (t) => ({
    id: t.exposeID("id"),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    providerName: t.exposeString("providerName"),
    providerAddress: t.exposeString("providerAddress"),
    providerRepresentative: t.exposeString("providerRepresentative"),
    providerAcquisition: t.exposeString("providerAcquisition"),
    basis: t.exposeString("basis"),
    ppcPublication: t.exposeString("ppcPublication", { nullable: true }),
    items: t.stringList({ resolve: (r) => (Array.isArray(r.items) ? r.items.map(String) : []) }),
    keepUntil: t.expose("keepUntil", { type: "DateTime" }),
    personIds: t.stringList({ resolve: (r) => r.people.map((p) => p.personId).sort() }),
  }),
});

const ReceiptInput = builder.inputType("ReceiptRecordInput", {
  fields: (t) => ({
    receivedAt: t.field({ type: "DateTime", required: true }),
    providerName: t.string({ required: true }),
    providerAddress: t.string({ required: true }),
    providerRepresentative: t.string({ required: true }),
    providerAcquisition: t.string({ required: true, description: "How the provider acquired the data." }),
    basis: t.field({ type: ReceiptBasisEnum, required: true }),
    ppcPublication: t.string({
      required: false,
      description: "Opt-out data: the PPC publication of the filing.",
    }),
    items: t.stringList({ required: true }),
    personIds: t.stringList({ required: true }),
  }),
});

builder.mutationField("recordReceipt", (t) =>
  t.field({
    type: ReceiptRecordRef,
    authScopes: staff,
    args: { input: t.arg({ type: ReceiptInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const personIds = [...new Set(input.personIds)];
        const items = [...new Set(input.items)];
        const known = new Set((await tx.dataItem.findMany({ select: { code: true } })).map((i) => i.code));
        rejectProblems(
          checkReceipt({
            ...input,
            ppcPublication: input.ppcPublication ?? null,
            items,
            knownItems: known,
            personIds,
          }),
        );
        const people = await tx.person.findMany({
          where: { id: { in: personIds } },
          select: { id: true, acquisitionMethod: true },
        });
        const missing = personIds.filter((id) => !people.some((p) => p.id === id));
        if (missing.length) badInput(`Unknown people: ${missing.join(", ")}.`);
        const row = await tx.receiptRecord.create({
          data: {
            receivedAt: input.receivedAt,
            providerName: input.providerName,
            providerAddress: input.providerAddress,
            providerRepresentative: input.providerRepresentative,
            providerAcquisition: input.providerAcquisition,
            basis: input.basis,
            ppcPublication: input.ppcPublication ?? null,
            items,
            keepUntil: receiptKeepUntil(ctx.now),
            recordedAt: ctx.now,
            actor: `${ctx.principal.role.toLowerCase()}:${ctx.principal.label}`,
            people: { create: personIds.map((personId) => ({ personId })) },
          },
          include: { people: { select: { personId: true } } },
        });
        for (const p of people) {
          const next = acquisitionAfterReceipt(p.acquisitionMethod, input.basis);
          if (next !== p.acquisitionMethod)
            await tx.person.update({ where: { id: p.id }, data: { acquisitionMethod: next } });
        }
        await audit(tx, ctx.principal, "receipt.record", "ReceiptRecord", row.id, null, row);
        return row;
      }),
  }),
);

builder.queryField("receiptRecords", (t) =>
  t.field({
    type: [ReceiptRecordRef],
    description: "The receipt ledger, newest first; by person, or by provider name.",
    authScopes: staff,
    args: { personId: t.arg.string({ required: false }), provider: t.arg.string({ required: false }) },
    resolve: (_root, args, ctx) =>
      ctx.db.receiptRecord.findMany({
        where: {
          ...(args.personId ? { people: { some: { personId: args.personId } } } : {}),
          ...(args.provider ? { providerName: { contains: args.provider } } : {}),
        },
        include: { people: { select: { personId: true } } },
        orderBy: { receivedAt: "desc" },
        take: 500,
      }),
  }),
);
