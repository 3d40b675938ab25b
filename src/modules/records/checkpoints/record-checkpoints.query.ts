/**
 * Query.recordCheckpoints: the signed checkpoints of the record chain, newest first, for
 * compliance staff and auditors to keep their own copy (each `signed` is the exact JSON
 * written outside the database and verifies with the published public key).
 */
import { builder } from "../../../builder.js";
import { FIRST_DESCRIPTION, pageSize } from "../../page-size.js";

interface CheckpointRow {
  id: string;
  at: Date;
  headSeq: bigint;
  headHash: string;
  keyId: string;
  signed: string;
}

const RecordCheckpointRef = builder.objectRef<CheckpointRow>("RecordCheckpoint").implement({
  description: "A signed checkpoint of the provision-record chain (its head at a time).",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The checkpoint's file name outside the database." }),
    at: t.expose("at", { type: "DateTime" }),
    headSeq: t.string({
      description: "The last event it signs (a 64-bit number, as text).",
      resolve: (c) => String(c.headSeq),
    }),
    headHash: t.exposeString("headHash"),
    keyId: t.exposeString("keyId", { description: "Which Ed25519 key signed it." }),
    signed: t.field({
      type: "JSON",
      description: "The signed checkpoint, exactly as written outside.",
      resolve: (c) => JSON.parse(c.signed) as unknown,
    }),
  }),
});

builder.queryField("recordCheckpoints", (t) =>
  t.field({
    type: [RecordCheckpointRef],
    description: "Signed checkpoints of the provision-record chain, newest first.",
    authScopes: { compliance: true, admin: true },
    args: { first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }) },
    resolve: (_root, args, ctx) =>
      ctx.db.recordCheckpoint.findMany({
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: pageSize(args.first),
      }),
  }),
);
