/** Query.provisionRecordsVerification: the `records verify` chain check, for the console. */
import { builder } from "../../builder.js";
import { logRecordAccess } from "../access-audit/record-access.js";
import { verifyChain } from "./verify-chain.js";

const Problem = builder
  .objectRef<{ chain: number; seq: bigint; problem: string; detail: string }>("ProvisionChainProblem")
  .implement({
    fields: (t) => ({
      chain: t.exposeInt("chain", { description: "Which chain (TEIKYO_RECORD_CHAINS) the event is in." }),
      seq: t.string({
        description: "Position of the event in its chain (64-bit, as text).",
        resolve: (p) => String(p.seq),
      }),
      problem: t.exposeString("problem", { description: "EDITED, BROKEN_LINK or HEAD_MISMATCH." }),
      detail: t.exposeString("detail"),
    }),
  });

const Verification = builder
  .objectRef<{
    events: number;
    chains: number;
    problems: { chain: number; seq: bigint; problem: string; detail: string }[];
    checkedAt: Date;
  }>("ProvisionChainVerification")
  .implement({
    description: "The hash chain of provision records recomputed: any edited, deleted or inserted record.",
    fields: (t) => ({
      ok: t.boolean({ resolve: (v) => v.problems.length === 0 }),
      events: t.exposeInt("events", { description: "Events checked (since the last retention purge)." }),
      chains: t.exposeInt("chains", { description: "Chains walked." }),
      problems: t.expose("problems", { type: [Problem] }),
      checkedAt: t.expose("checkedAt", { type: "DateTime" }),
    }),
  });

builder.queryField("provisionRecordsVerification", (t) =>
  t.field({
    type: Verification,
    description: "Recomputes the provision-record hash chain, as `records verify` does.",
    authScopes: { compliance: true, admin: true },
    resolve: async (_root, _args, ctx) => {
      await logRecordAccess(ctx.db, {
        principal: ctx.principal,
        action: "RECORDS_VERIFY",
        filter: {},
        requestId: ctx.requestId,
        at: ctx.now,
      });
      return { ...(await verifyChain(ctx.db)), checkedAt: ctx.now };
    },
  }),
);
