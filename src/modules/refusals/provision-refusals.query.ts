/**
 * Query.provisionRefusals and Query.provisionRefusalSummary: the provisions refused to
 * partners, listed and counted per JST month, recipient and reason (with the article), for
 * compliance staff and the console's dashboard. Not an access-audited read: the log holds
 * no person and no record of who received whose data (decision 0041).
 */
import { builder } from "../../builder.js";
import { badInput } from "../catalog/input-problems.js";
import { FIRST_DESCRIPTION, pageSize } from "../page-size.js";

const MAX_MONTHS = 13;

interface RefusalRowOut {
  id: string;
  at: Date;
  month: string;
  apiKeyId: string;
  recipientId: string;
  purposeCode: string | null;
  field: string | null;
  dataItem: string | null;
  reason: string;
  rule: string;
  requestId: string;
}

const Refusal = builder.objectRef<RefusalRowOut>("ProvisionRefusal").implement({
  description:
    "A provision refused to a partner key: which field or item, for which purpose, why and under which article. No person, no variable.",
  fields: (t) => ({
    id: t.exposeID("id"),
    at: t.expose("at", { type: "DateTime" }),
    month: t.exposeString("month", { description: "YYYY-MM, JST." }),
    apiKeyId: t.exposeString("apiKeyId"),
    recipientId: t.exposeString("recipientId"),
    purposeCode: t.exposeString("purposeCode", {
      nullable: true,
      description: "Null when the purpose asked for is not in the catalog.",
    }),
    field: t.exposeString("field", {
      nullable: true,
      description: "Schema coordinate: Person.email, or Query.people(filter.postalCode) for an argument.",
    }),
    dataItem: t.exposeString("dataItem", { nullable: true }),
    reason: t.exposeString("reason", { description: "The scope rule's code (ITEM_NOT_IN_SCOPE, ...)." }),
    rule: t.exposeString("rule", { description: "The article applied, e.g. APPI art. 27(1)." }),
    requestId: t.exposeString("requestId", { description: "As in the partner's error and x-request-id." }),
  }),
});

interface CountRow {
  month: string;
  recipientId: string;
  reason: string;
  rule: string;
  refusals: number;
}

const RefusalCount = builder.objectRef<CountRow>("ProvisionRefusalCount").implement({
  description: "Refusals to one recipient for one reason in one month (JST).",
  fields: (t) => ({
    month: t.exposeString("month", { description: "YYYY-MM, JST." }),
    recipientId: t.exposeString("recipientId"),
    reason: t.exposeString("reason"),
    rule: t.exposeString("rule"),
    refusals: t.exposeInt("refusals", {
      description: "Refused fields (one per field and reason a request).",
    }),
  }),
});

const period = (from: Date, to: Date) => {
  if (!(from < to)) badInput("from must be before to.");
  if (to.getTime() - from.getTime() > MAX_MONTHS * 31 * 24 * 3600 * 1000)
    badInput(`The period may span at most ${MAX_MONTHS} months.`);
  return { gte: from, lt: to };
};

builder.queryField("provisionRefusalSummary", (t) =>
  t.field({
    type: [RefusalCount],
    description: `Provisions refused to partners per JST month, recipient and reason, oldest first; at most ${MAX_MONTHS} months.`,
    authScopes: { compliance: true, admin: true },
    args: {
      from: t.arg({ type: "DateTime", required: true }),
      to: t.arg({ type: "DateTime", required: true, description: "Exclusive." }),
    },
    resolve: async (_root, { from, to }, ctx) => {
      const groups = await ctx.db.provisionRefusal.groupBy({
        by: ["month", "recipientId", "reason", "rule"],
        where: { at: period(from, to) },
        _count: { _all: true },
        orderBy: [{ month: "asc" }, { recipientId: "asc" }, { reason: "asc" }, { rule: "asc" }],
      });
      return groups.map((g) => ({
        month: g.month,
        recipientId: g.recipientId,
        reason: g.reason,
        rule: g.rule,
        refusals: g._count._all,
      }));
    },
  }),
);

builder.queryField("provisionRefusals", (t) =>
  t.field({
    type: [Refusal],
    description: "Provisions refused to partners, newest first.",
    authScopes: { compliance: true, admin: true },
    args: {
      recipientId: t.arg.string({ required: false }),
      reason: t.arg.string({ required: false }),
      from: t.arg({ type: "DateTime", required: false }),
      to: t.arg({ type: "DateTime", required: false, description: "Exclusive." }),
      first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.provisionRefusal.findMany({
        where: {
          ...(args.recipientId ? { recipientId: args.recipientId } : {}),
          ...(args.reason ? { reason: args.reason } : {}),
          ...(args.from || args.to
            ? { at: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } }
            : {}),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: pageSize(args.first),
      }),
  }),
);
