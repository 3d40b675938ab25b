/**
 * Query.provisionRecordsVerification: `records verify` for the console. The hash chains are
 * recomputed and, where the gateway writes signed checkpoints to a directory, the database
 * is compared with them, so a truncated log or a restored older backup shows here too.
 */
import { builder } from "../../builder.js";
import { logRecordAccess } from "../access-audit/record-access.js";
import { badInput } from "../catalog/input-problems.js";
import { runVerification, type Verification } from "./checkpoints/run-verification.js";

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

const CheckpointProblem = builder
  .objectRef<Verification["checkpointProblems"][number]>("ProvisionCheckpointProblem")
  .implement({
    description: "Where the database contradicts a signed checkpoint written outside it.",
    fields: (t) => ({
      problem: t.exposeString("problem", {
        description:
          "RECORDS_MISSING, EVENT_REWRITTEN, TREE_MISMATCH, PURGE_NOT_SIGNED, BAD_SIGNATURE and the other kinds `records verify` reports.",
      }),
      checkpoint: t.exposeString("checkpoint", {
        nullable: true,
        description: "The checkpoint contradicted (its file name); null for a purge no checkpoint signed.",
      }),
      chain: t.exposeInt("chain"),
      seq: t.string({
        description: "The event's position in its chain, as text.",
        resolve: (p) => String(p.seq),
      }),
      detail: t.exposeString("detail"),
    }),
  });

const VerificationRef = builder
  .objectRef<Verification & { checkedAt: Date }>("ProvisionChainVerification")
  .implement({
    description:
      "The provision records verified: hash chains recomputed (any edited, deleted or inserted record) and compared with the signed checkpoints (a truncated log, a moved head, a restored backup).",
    fields: (t) => ({
      ok: t.boolean({
        description: "No problem in the chains nor against any checkpoint.",
        resolve: (v) => v.chainProblems.length === 0 && v.checkpointProblems.length === 0,
      }),
      events: t.exposeInt("events", {
        description: "Events checked (since the last retention purge, or the start checkpoint).",
      }),
      chains: t.exposeInt("chains", { description: "Chains walked." }),
      problems: t.expose("chainProblems", { type: [Problem], description: "Breaks in the hash chains." }),
      checkpoints: t.exposeInt("checkpoints", {
        description: "Signed checkpoints compared with the database.",
      }),
      checkpointProblems: t.expose("checkpointProblems", { type: [CheckpointProblem] }),
      noCheckpoints: t.exposeBoolean("noCheckpoints", {
        description:
          "True when there are records but no signed checkpoint to compare with: deleting the newest records or restoring an older backup cannot be detected.",
      }),
      startCheckpoint: t.string({
        nullable: true,
        description: "The checkpoint an incremental verification (since) started from.",
        resolve: (v) => v.start?.source ?? null,
      }),
      latestCheckpoint: t.string({
        nullable: true,
        description: "The newest checkpoint compared.",
        resolve: (v) => v.latestCheckpoint?.source ?? null,
      }),
      checkedAt: t.expose("checkedAt", { type: "DateTime" }),
    }),
  });

builder.queryField("provisionRecordsVerification", (t) =>
  t.field({
    type: VerificationRef,
    description:
      "Verifies the provision records as `records verify` does (the whole history, or since a point).",
    authScopes: { compliance: true, admin: true },
    args: {
      since: t.arg.string({
        required: false,
        description:
          'Verify incrementally from the newest signed checkpoint at or before this point: "latest", a checkpoint file name, an ISO time, or a duration back (90m, 25h, 7d). The whole history when omitted.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      await logRecordAccess(ctx.db, {
        principal: ctx.principal,
        action: "RECORDS_VERIFY",
        filter: args.since ? { since: args.since } : {},
        requestId: ctx.requestId,
        at: ctx.now,
      });
      const outcome = await runVerification(ctx.db, ctx.checkpoints, { since: args.since, now: ctx.now });
      if (!outcome.ok)
        badInput(
          outcome.problem === "BAD_SINCE"
            ? `"since" takes "latest", a checkpoint file name, an ISO time or a duration (90m, 25h, 7d); got ${JSON.stringify(args.since)}.`
            : `No signed checkpoint at or before "${args.since}" to start from: verify the whole history instead.`,
          outcome.problem,
        );
      return { ...outcome.verification, checkedAt: ctx.now };
    },
  }),
);
