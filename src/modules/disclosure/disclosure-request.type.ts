/** DisclosureRequest and Query.disclosureRequests (overdue ones first). */
import { builder } from "../../builder.js";
import {
  type DisclosureStatus,
  isOverdue,
  REFUSAL_GROUNDS,
  WITHHOLDING_GROUNDS,
} from "../../policy/disclosure.js";

export interface DisclosureRow {
  id: string;
  personId: string;
  receivedAt: Date;
  dueBy: Date;
  deliveryMethod: string;
  agentName: string | null;
  identityVerification: string | null;
  feeYen: number;
  status: DisclosureStatus;
  refusalReason: string | null;
  compiledAt: Date | null;
  deliveredAt: Date | null;
  withheld: { eventId: string; ground: string; note: string }[];
  methodDifficultReason: string | null;
  refusals: { part: string; ground: string; reason: string }[];
}

export const DISCLOSURE_INCLUDE = { withheld: true, refusals: true } as const;

export const DisclosureStatusEnum = builder.enumType("DisclosureStatus", {
  values: ["RECEIVED", "VERIFIED", "COMPILED", "DELIVERED", "REFUSED"] as const,
});

export const RefusalGroundEnum = builder.enumType("DisclosureRefusalGround", {
  values: Object.fromEntries(
    Object.entries(REFUSAL_GROUNDS).map(([k, g]) => [k, { description: `${g.en} (${g.rule}).` }]),
  ) as Record<keyof typeof REFUSAL_GROUNDS, { description: string }>,
});

const PartRefusal = builder
  .objectRef<{ part: string; ground: string; reason: string }>("DisclosurePartRefusal")
  .implement({
    description: "A part refused on an art. 33(2) ground; the person is told, with the reason.",
    fields: (t) => ({
      part: t.exposeString("part"),
      ground: t.exposeString("ground"),
      reason: t.exposeString("reason"),
    }),
  });

export const WithholdingGroundEnum = builder.enumType("WithholdingGround", {
  values: Object.fromEntries(
    Object.entries(WITHHOLDING_GROUNDS).map(([k, description]) => [k, { description }]),
  ) as Record<keyof typeof WITHHOLDING_GROUNDS, { description: string }>,
});

const Withholding = builder
  .objectRef<{ eventId: string; ground: string; note: string }>("DisclosureWithholding")
  .implement({
    fields: (t) => ({
      eventId: t.exposeString("eventId"),
      ground: t.exposeString("ground"),
      note: t.exposeString("note"),
    }),
  });

export const DisclosureRequestRef = builder.objectRef<DisclosureRow>("DisclosureRequest").implement({
  description: "A person's request for disclosure of their data and provision records (art. 33).",
  fields: (t) => ({
    id: t.exposeID("id"),
    personId: t.exposeString("personId"),
    receivedAt: t.expose("receivedAt", { type: "DateTime" }),
    dueBy: t.expose("dueBy", {
      type: "DateTime",
      description: "Two weeks after receipt: the outer limit (art. 39).",
    }),
    overdue: t.boolean({ resolve: (r, _a, ctx) => isOverdue(r, ctx.now) }),
    deliveryMethod: t.exposeString("deliveryMethod"),
    agentName: t.exposeString("agentName", { nullable: true }),
    identityVerification: t.exposeString("identityVerification", { nullable: true }),
    feeYen: t.exposeInt("feeYen"),
    status: t.field({ type: DisclosureStatusEnum, resolve: (r) => r.status }),
    refusalReason: t.exposeString("refusalReason", { nullable: true }),
    compiledAt: t.expose("compiledAt", { type: "DateTime", nullable: true }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
    withheld: t.expose("withheld", {
      type: [Withholding],
      description: "Records left out under CO 11: internal; the person is not told of them.",
    }),
    refusals: t.expose("refusals", { type: [PartRefusal] }),
    methodDifficultReason: t.exposeString("methodDifficultReason", { nullable: true }),
  }),
});

builder.queryField("disclosureRequests", (t) =>
  t.field({
    type: [DisclosureRequestRef],
    description:
      "Disclosure requests by due date; overdueOnly lists those past two weeks and not delivered or refused.",
    authScopes: { compliance: true, admin: true },
    args: { overdueOnly: t.arg.boolean({ required: false }), personId: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const rows = await ctx.db.disclosureRequest.findMany({
        where: {
          ...(args.personId ? { personId: args.personId } : {}),
          ...(args.overdueOnly
            ? { status: { in: ["RECEIVED", "VERIFIED", "COMPILED"] }, dueBy: { lt: ctx.now } }
            : {}),
        },
        include: DISCLOSURE_INCLUDE,
        orderBy: { dueBy: "asc" },
        take: 500,
      });
      return rows;
    },
  }),
);
