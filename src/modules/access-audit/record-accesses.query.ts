/** Query.recordAccessLog: who read provision records, exported them or compiled a disclosure. */
import { builder } from "../../builder.js";
import { RoleEnum } from "../catalog/enums.js";
import { FIRST_DESCRIPTION, pageSize } from "../page-size.js";

const RecordAccessRef = builder
  .objectRef<{
    id: string;
    at: Date;
    apiKeyId: string;
    actor: string;
    role: string;
    action: string;
    filter: unknown;
    requestId: string;
  }>("RecordAccess")
  .implement({
    description: "A staff key's read of provision records: who, when, what, with which filter.",
    fields: (t) => ({
      id: t.exposeID("id"),
      at: t.expose("at", { type: "DateTime" }),
      apiKeyId: t.exposeString("apiKeyId"),
      actor: t.exposeString("actor", { description: "role:label of the key." }),
      role: t.field({ type: RoleEnum, resolve: (r) => r.role as never }),
      action: t.exposeString("action", {
        description:
          "PROVISION_RECORDS_QUERY, BULK_RECORDS_QUERY, RECORDS_EXPORT, DISCLOSURE_COMPILE or RECORDS_VERIFY.",
      }),
      filter: t.expose("filter", { type: "JSON", nullable: true }),
      requestId: t.exposeString("requestId"),
    }),
  });

builder.queryField("recordAccessLog", (t) =>
  t.field({
    type: [RecordAccessRef],
    description: "Reads of provision records by staff keys, newest first.",
    authScopes: { compliance: true, admin: true },
    args: {
      apiKeyId: t.arg.string({ required: false }),
      action: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.recordAccess.findMany({
        where: {
          ...(args.apiKeyId ? { apiKeyId: args.apiKeyId } : {}),
          ...(args.action ? { action: args.action } : {}),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: pageSize(args.first),
      }),
  }),
);
