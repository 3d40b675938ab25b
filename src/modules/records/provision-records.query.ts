/** Query.provisionRecords: compliance finds provisions by person, recipient, purpose, ground and period. */
import { builder } from "../../builder.js";
import { logRecordAccess } from "../access-audit/record-access.js";
import { badInput } from "../catalog/input-problems.js";
import { findProvisionEvents } from "./find-events.js";
import { parseSeqCursor } from "./seq-cursor.js";
import { FIRST_DESCRIPTION, pageSize } from "../page-size.js";

interface EventRow {
  seq: bigint;
  id: string;
  at: Date;
  recipientId: string;
  recipientSnapshot: unknown;
  purposeCode: string;
  ground: string;
  legallyRequired: boolean;
  recordKinds: unknown;
  country: string;
  foreignRoute: string | null;
  apiKeyId: string;
  requestId: string;
  items: unknown;
  personCount: number;
  keepUntil: Date;
  purposeVersionId: string | null;
  noticeVersionId: string | null;
  foreignStatementId: string | null;
  conformingCheckId: string | null;
  hash: string;
  prevHash: string;
  people: { personId: string; items: unknown; consentId: string | null }[];
}

const asStrings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

const RecordPerson = builder
  .objectRef<{ personId: string; items: unknown; consentId: string | null }>("ProvisionRecordPerson")
  .implement({
    description: "A person in a provision and the items their data contributed.",
    fields: (t) => ({
      personId: t.exposeString("personId"),
      items: t.stringList({ resolve: (p) => asStrings(p.items) }),
      consentId: t.exposeString("consentId", {
        nullable: true,
        description: "The consent relied on (27(1), 28(1)).",
      }),
    }),
  });

export const ProvisionEventRef = builder.objectRef<EventRow>("ProvisionEvent").implement({
  description:
    "One provision to a recipient (art. 29, R20). Recipient details are as they were at provision.",
  fields: (t) => ({
    id: t.exposeID("id"),
    at: t.expose("at", { type: "DateTime", description: "Date and time of provision." }),
    recipientId: t.exposeString("recipientId"),
    recipient: t.expose("recipientSnapshot", {
      type: "JSON",
      description: "Name, address, representative, country, basis.",
    }),
    purpose: t.exposeString("purposeCode"),
    ground: t.exposeString("ground"),
    legallyRequired: t.exposeBoolean("legallyRequired", {
      description: "False: a 27(5) provision at home, logged for supervision.",
    }),
    recordKinds: t.stringList({ resolve: (e) => asStrings(e.recordKinds) }),
    country: t.exposeString("country"),
    foreignRoute: t.exposeString("foreignRoute", { nullable: true }),
    apiKeyId: t.exposeString("apiKeyId"),
    requestId: t.exposeString("requestId"),
    items: t.stringList({ resolve: (e) => asStrings(e.items) }),
    personCount: t.exposeInt("personCount"),
    keepUntil: t.expose("keepUntil", { type: "DateTime", description: "Retention end (R21)." }),
    purposeVersionId: t.exposeString("purposeVersionId", {
      nullable: true,
      description: "The purpose version in force at provision.",
    }),
    noticeVersionId: t.exposeString("noticeVersionId", {
      nullable: true,
      description: "The opt-out or joint-use notice version in force.",
    }),
    foreignStatementId: t.exposeString("foreignStatementId", {
      nullable: true,
      description: "Route A: the foreign-provision statement in force.",
    }),
    conformingCheckId: t.exposeString("conformingCheckId", {
      nullable: true,
      description: "Route C: the conforming-system check in force.",
    }),
    hash: t.exposeString("hash"),
    prevHash: t.exposeString("prevHash", { description: "The previous event's hash in the chain." }),
    seq: t.string({
      description: "Position in the hash chain (1 is the first event; a 64-bit number, as text).",
      resolve: (e) => String(e.seq),
    }),
    people: t.expose("people", { type: [RecordPerson] }),
  }),
});

const Filter = builder.inputType("ProvisionRecordFilter", {
  fields: (t) => ({
    personId: t.string({ required: false }),
    recipientId: t.string({ required: false }),
    purpose: t.string({ required: false }),
    ground: t.string({ required: false }),
    from: t.field({ type: "DateTime", required: false }),
    to: t.field({ type: "DateTime", required: false, description: "Exclusive." }),
  }),
});

const Page = builder
  .objectRef<{ nodes: EventRow[]; hasNextPage: boolean; endCursor: string | null }>("ProvisionEventPage")
  .implement({
    fields: (t) => ({
      nodes: t.expose("nodes", { type: [ProvisionEventRef] }),
      hasNextPage: t.exposeBoolean("hasNextPage"),
      endCursor: t.exposeString("endCursor", { nullable: true }),
    }),
  });

builder.queryField("provisionRecords", (t) =>
  t.field({
    type: Page,
    description: "Provision events, oldest first. With a personId, each event lists only that person.",
    authScopes: { compliance: true, admin: true },
    args: {
      filter: t.arg({ type: Filter, required: false }),
      first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first);
      const after = parseSeqCursor(args.after);
      const f = args.filter ?? {};
      await logRecordAccess(ctx.db, {
        principal: ctx.principal,
        action: "PROVISION_RECORDS_QUERY",
        filter: { ...f, first, after: args.after },
        requestId: ctx.requestId,
        at: ctx.now,
      });
      const rows = await findProvisionEvents(ctx.db, f, { afterSeq: after, take: first + 1 });
      const nodes = rows.slice(0, first);
      return {
        nodes,
        hasNextPage: rows.length > first,
        endCursor: nodes.length ? String(nodes.at(-1)?.seq) : null,
      };
    },
  }),
);

const BulkRecord = builder
  .objectRef<{
    recipientId: string;
    purposeCode: string;
    ground: string;
    personId: string;
    recipientName: string;
    consentId: string | null;
    items: unknown;
    firstProvidedAt: Date;
    lastProvidedAt: Date;
    keepUntil: Date;
  }>("BulkProvisionRecord")
  .implement({
    description: "A bulk record of continuous provision (R19(2)): first and last provision it covers.",
    fields: (t) => ({
      recipientId: t.exposeString("recipientId"),
      purpose: t.exposeString("purposeCode"),
      ground: t.exposeString("ground"),
      personId: t.exposeString("personId"),
      recipientName: t.exposeString("recipientName", { description: "The recipient's name (R20(1))." }),
      consentId: t.exposeString("consentId", {
        nullable: true,
        description: "The consent relied on: the fact of consent (R20(1)).",
      }),
      items: t.stringList({ resolve: (b) => asStrings(b.items) }),
      firstProvidedAt: t.expose("firstProvidedAt", { type: "DateTime" }),
      lastProvidedAt: t.expose("lastProvidedAt", { type: "DateTime" }),
      keepUntil: t.expose("keepUntil", {
        type: "DateTime",
        description: "Three years after the last provision (R21).",
      }),
    }),
  });

builder.queryField("bulkProvisionRecords", (t) =>
  t.field({
    type: [BulkRecord],
    authScopes: { compliance: true, admin: true },
    args: { recipientId: t.arg.string({ required: false }), personId: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      if (!args.recipientId && !args.personId) badInput("Give a recipientId or a personId.");
      await logRecordAccess(ctx.db, {
        principal: ctx.principal,
        action: "BULK_RECORDS_QUERY",
        filter: { recipientId: args.recipientId, personId: args.personId },
        requestId: ctx.requestId,
        at: ctx.now,
      });
      return ctx.db.bulkProvisionRecord.findMany({
        where: {
          ...(args.recipientId ? { recipientId: args.recipientId } : {}),
          ...(args.personId ? { personId: args.personId } : {}),
        },
        orderBy: [{ recipientId: "asc" }, { personId: "asc" }],
        take: 1000,
      });
    },
  }),
);
