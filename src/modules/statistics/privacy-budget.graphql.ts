/** Differential-privacy budgets: an analytics key reads its own; admin sets them, audited. */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { badInput } from "../catalog/input-problems.js";
import { FIRST_DESCRIPTION, pageSize } from "../page-size.js";

interface BudgetRow {
  apiKeyId: string;
  epsilon: number;
  spent: number;
}

const BudgetRef = builder.objectRef<BudgetRow>("PrivacyBudget").implement({
  description: "The epsilon an analytics key may spend on differentially private statistics, in total.",
  fields: (t) => ({
    apiKeyId: t.exposeString("apiKeyId"),
    epsilon: t.exposeFloat("epsilon"),
    spent: t.exposeFloat("spent"),
    remaining: t.float({ resolve: (b) => Math.max(0, b.epsilon - b.spent) }),
  }),
});

builder.queryField("privacyBudget", (t) =>
  t.field({
    type: BudgetRef,
    nullable: true,
    description: "This key's privacy budget, or null if it has none.",
    authScopes: { analytics: true, admin: true },
    resolve: (_root, _args, ctx) =>
      ctx.db.privacyBudget.findUnique({ where: { apiKeyId: ctx.principal.keyId } }),
  }),
);

builder.mutationField("setPrivacyBudget", (t) =>
  t.field({
    type: BudgetRef,
    description: "Sets an analytics key's total epsilon. What it has spent stays spent.",
    authScopes: { admin: true },
    args: {
      apiKeyId: t.arg.string({ required: true }),
      epsilon: t.arg.float({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!Number.isFinite(args.epsilon) || args.epsilon < 0 || args.epsilon > 100)
          badInput("epsilon must be between 0 and 100.");
        const key = await tx.apiKey.findUnique({ where: { id: args.apiKeyId } });
        if (!key) badInput(`API key "${args.apiKeyId}" does not exist.`);
        if (key.role !== "ANALYTICS" && key.role !== "ADMIN")
          badInput(
            `Only analytics and admin keys run statistics; "${args.apiKeyId}" is a ${key.role.toLowerCase()} key.`,
          );
        const before = await tx.privacyBudget.findUnique({ where: { apiKeyId: args.apiKeyId } });
        const after = await tx.privacyBudget.upsert({
          where: { apiKeyId: args.apiKeyId },
          create: { apiKeyId: args.apiKeyId, epsilon: args.epsilon },
          update: { epsilon: args.epsilon },
        });
        await audit(tx, ctx.principal, "privacyBudget.set", "PrivacyBudget", args.apiKeyId, before, after);
        return after;
      }),
  }),
);

interface LogRow {
  id: string;
  at: Date;
  apiKeyId: string;
  role: string;
  requestId: string;
  query: unknown;
  outcome: string;
  refusal: string | null;
  cells: number;
  suppressedCells: number;
  mechanism: string | null;
  epsilonSpent: number | null;
}

const LogRef = builder.objectRef<LogRow>("StatisticsQueryLogEntry").implement({
  description: "One statistics query, answered or refused. Not a provision record: nothing personal left.",
  fields: (t) => ({
    id: t.exposeID("id"),
    at: t.expose("at", { type: "DateTime" }),
    apiKeyId: t.exposeString("apiKeyId"),
    role: t.exposeString("role"),
    requestId: t.exposeString("requestId"),
    query: t.expose("query", { type: "JSON" }),
    outcome: t.exposeString("outcome", { description: "ANSWERED or REFUSED." }),
    refusal: t.exposeString("refusal", { nullable: true }),
    cells: t.exposeInt("cells"),
    suppressedCells: t.exposeInt("suppressedCells"),
    mechanism: t.exposeString("mechanism", { nullable: true }),
    epsilonSpent: t.exposeFloat("epsilonSpent", { nullable: true }),
  }),
});

builder.queryField("statisticsQueryLog", (t) =>
  t.field({
    type: [LogRef],
    description: "Statistics queries, newest first.",
    authScopes: { compliance: true, admin: true },
    args: {
      apiKeyId: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.statisticsQueryLog.findMany({
        where: args.apiKeyId ? { apiKeyId: args.apiKeyId } : {},
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: pageSize(args.first),
      }),
  }),
);
