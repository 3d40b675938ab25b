/**
 * Entrustee supervision (art. 25): Mutation.recordEntrusteeSupervision and
 * Query.entrusteeSupervisionReport, which shows per entrustee its contract, the last check
 * and its result, whether action is needed, and what it received (from the provision logs).
 */
import { builder } from "../../builder.js";
import { checkSupervision, SUPERVISION_RESULTS, supervisionStatus } from "../../policy/supervision.js";
import { audit } from "../audit/audit.js";
import { badInput, rejectOutcome } from "../catalog/input-problems.js";

const staff = { compliance: true, admin: true } as const;

const ResultEnum = builder.enumType("SupervisionResult", { values: SUPERVISION_RESULTS });

interface CheckRow {
  id: string;
  recipientId: string;
  contractRef: string;
  checkedAt: Date;
  result: string;
  findings: string;
  nextCheckDue: Date;
}

const CheckRef = builder.objectRef<CheckRow>("EntrusteeSupervision").implement({
  description: "A supervision check of an entrustee under its contract (art. 25).",
  fields: (t) => ({
    id: t.exposeID("id"),
    recipientId: t.exposeString("recipientId"),
    contractRef: t.exposeString("contractRef"),
    checkedAt: t.expose("checkedAt", { type: "DateTime" }),
    result: t.exposeString("result"),
    findings: t.exposeString("findings"),
    nextCheckDue: t.expose("nextCheckDue", { type: "DateTime" }),
  }),
});

builder.mutationField("recordEntrusteeSupervision", (t) =>
  t.field({
    type: CheckRef,
    authScopes: staff,
    args: {
      recipientId: t.arg.string({ required: true }),
      checkedAt: t.arg({ type: "DateTime", required: true }),
      result: t.arg({ type: ResultEnum, required: true }),
      findings: t.arg.string({ required: true }),
      nextCheckDue: t.arg({ type: "DateTime", required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const r = await tx.recipient.findUnique({ where: { id: args.recipientId } });
        if (!r) badInput(`Recipient "${args.recipientId}" does not exist.`);
        rejectOutcome(checkSupervision({ ...args, basis: r.legalBasis, now: ctx.now }));
        const row = await tx.entrusteeSupervision.create({
          data: {
            recipientId: r.id,
            contractRef: r.contractRef,
            checkedAt: args.checkedAt,
            result: args.result,
            findings: args.findings,
            nextCheckDue: args.nextCheckDue,
            actor: `${ctx.principal.role.toLowerCase()}:${ctx.principal.label}`,
          },
        });
        await audit(tx, ctx.principal, "supervision.record", "Recipient", r.id, null, row);
        return row;
      }),
  }),
);

interface ReportRow {
  recipientId: string;
  name: string;
  contractRef: string;
  lastCheck: CheckRow | null;
  status: string;
  provisions: number;
  people: number;
  items: string[];
}

const ReportRef = builder.objectRef<ReportRow>("EntrusteeSupervisionReport").implement({
  description: "Per entrustee: contract, last check, whether action is needed, and what it received.",
  fields: (t) => ({
    recipientId: t.exposeString("recipientId"),
    name: t.exposeString("name"),
    contractRef: t.exposeString("contractRef"),
    lastCheck: t.expose("lastCheck", { type: CheckRef, nullable: true }),
    status: t.exposeString("status", { description: "NEVER_CHECKED, OVERDUE, ACTION_NEEDED or CURRENT." }),
    provisions: t.exposeInt("provisions", { description: "Entrustment provisions logged." }),
    people: t.exposeInt("people", { description: "Distinct people whose data it received." }),
    items: t.exposeStringList("items", { description: "Items it received." }),
  }),
});

builder.queryField("entrusteeSupervisionReport", (t) =>
  t.field({
    type: [ReportRef],
    authScopes: staff,
    resolve: async (_root, _args, ctx) => {
      const entrustees = await ctx.db.recipient.findMany({
        where: { legalBasis: "ENTRUSTEE" },
        include: { supervisions: { orderBy: { checkedAt: "desc" }, take: 1 } },
        orderBy: { id: "asc" },
      });
      return Promise.all(
        entrustees.map(async (r) => {
          const events = await ctx.db.provisionEvent.findMany({
            where: { recipientId: r.id, ground: "ENTRUSTMENT" },
            select: { items: true, people: { select: { personId: true } } },
          });
          const people = new Set(events.flatMap((e) => e.people.map((p) => p.personId)));
          const items = new Set(events.flatMap((e) => (Array.isArray(e.items) ? e.items.map(String) : [])));
          const last = r.supervisions[0] ?? null;
          return {
            recipientId: r.id,
            name: r.name,
            contractRef: r.contractRef,
            lastCheck: last,
            status: supervisionStatus(last, ctx.now),
            provisions: events.length,
            people: people.size,
            items: [...items].sort(),
          };
        }),
      );
    },
  }),
);
