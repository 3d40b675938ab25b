/**
 * Query.myProvisions: a partner sees the provisions it received, never other recipients',
 * with what it must confirm and record under art. 30: the provider's name, address and
 * representative and how the provider acquired the data.
 */
import { builder } from "../../builder.js";
import { decodeCursor, encodeCursor } from "../people/cursor.js";
import { parseSeqCursor } from "./seq-cursor.js";
import { providerInfo } from "../../provider.js";
import type { AcquisitionGroup } from "../../policy/receipts.js";
import { badInput } from "../catalog/input-problems.js";
import { acquisitionsByEvent } from "./event-acquisitions.js";
import { pageSize } from "../page-size.js";

/**
 * What a partner sees of a provision it received: when, for what, on which ground, which
 * items and how many people. Not the customer numbers or consent ids, which its scope may
 * not include (they would link the data it received to people by position).
 */
const Acquisition = builder.objectRef<AcquisitionGroup>("AcquisitionCircumstance").implement({
  description:
    "How the provider acquired the data of some of the people in a provision (art. 30(1)(ii)): directly, or from a source company (with the PPC publication for opt-out data).",
  fields: (t) => ({
    method: t.exposeString("method"),
    sourceName: t.exposeString("sourceName"),
    sourceAddress: t.exposeString("sourceAddress"),
    sourceRepresentative: t.exposeString("sourceRepresentative"),
    description: t.exposeString("description"),
    ppcPublication: t.exposeString("ppcPublication", { nullable: true }),
    personCount: t.exposeInt("personCount"),
  }),
});

const ReceivedProvision = builder
  .objectRef<{
    id: string;
    at: Date;
    purposeCode: string;
    ground: string;
    items: unknown;
    personCount: number;
    acquisitions: AcquisitionGroup[];
  }>("ReceivedProvision")
  .implement({
    fields: (t) => ({
      id: t.exposeID("id"),
      at: t.expose("at", { type: "DateTime" }),
      purpose: t.exposeString("purposeCode"),
      ground: t.exposeString("ground"),
      items: t.stringList({ resolve: (e) => (Array.isArray(e.items) ? e.items.map(String) : []) }),
      personCount: t.exposeInt("personCount"),
      acquisitions: t.expose("acquisitions", { type: [Acquisition] }),
    }),
  });

const ProviderRef = builder.objectRef<ReturnType<typeof providerInfo>>("ProvidingCompany").implement({
  description: "The company providing the data, as the recipient confirms it (art. 30(1)).",
  fields: (t) => ({
    name: t.exposeString("name"),
    address: t.exposeString("address"),
    representative: t.exposeString("representative"),
    acquisition: t.exposeString("acquisition", {
      description: "How the provider acquires data directly; per provision, see acquisitions.",
    }),
  }),
});

const MyProvisions = builder
  .objectRef<{
    provider: ReturnType<typeof providerInfo>;
    nodes: unknown[];
    endCursor: string | null;
    hasNextPage: boolean;
  }>("MyProvisions")
  .implement({
    fields: (t) => ({
      provider: t.expose("provider", { type: ProviderRef }),
      nodes: t.field({ type: [ReceivedProvision], resolve: (p) => p.nodes as never }),
      hasNextPage: t.exposeBoolean("hasNextPage"),
      endCursor: t.exposeString("endCursor", { nullable: true }),
    }),
  });

builder.queryField("myProvisions", (t) =>
  t.field({
    type: MyProvisions,
    description:
      "Provisions this recipient received, oldest first: the basis of its art. 30 confirmation record.",
    authScopes: { partner: true },
    args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const recipientId = ctx.principal.recipient?.id;
      if (!recipientId) badInput("Only a recipient's key has provisions.");
      const first = pageSize(args.first);
      // Opaque and bound to this key: the event number would show other recipients' volume.
      const binding = `myProvisions:${ctx.principal.keyId}`;
      const after = args.after ? parseSeqCursor(decodeCursor(args.after, binding)) : 0n;
      const rows = await ctx.db.provisionEvent.findMany({
        where: { recipientId, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: first + 1,
        select: {
          seq: true,
          id: true,
          at: true,
          purposeCode: true,
          ground: true,
          items: true,
          personCount: true,
        },
      });
      const page = rows.slice(0, first);
      const acquisitions = await acquisitionsByEvent(ctx.db, page);
      const nodes = page.map((r) => ({ ...r, acquisitions: acquisitions.get(r.seq) ?? [] }));
      return {
        provider: providerInfo(),
        nodes,
        hasNextPage: rows.length > first,
        endCursor: nodes.length ? encodeCursor(String(nodes.at(-1)?.seq), binding) : null,
      };
    },
  }),
);
