/** Query.provisionRecords: compliance finds provisions by person, recipient, purpose, ground and period. */
import { builder } from "../../builder.js";
import { badInput } from "../catalog/input-problems.js";
import { findProvisionEvents } from "./find-events.js";
import { parseSeqCursor } from "./seq-cursor.js";

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
      first: t.arg.int({ required: false, description: "1 to 500 (default 100)." }),
      after: t.arg.string({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 100;
      if (first < 1 || first > 500) badInput(`first must be between 1 and 500; got ${first}.`);
      const after = parseSeqCursor(args.after);
      const f = args.filter ?? {};
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
    resolve: (_root, args, ctx) => {
      if (!args.recipientId && !args.personId) badInput("Give a recipientId or a personId.");
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
