/** AuditEvent and Query.auditEvents: the catalog's change history, for compliance and admin. */
import { builder } from "../../builder.js";
import { FIRST_DESCRIPTION, pageSize } from "../page-size.js";

const AuditEventRef = builder.objectRef<{
  id: string;
  at: Date;
  actor: string;
  actorKeyId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}>("AuditEvent");

AuditEventRef.implement({
  description: "One change to purposes, data items, recipients or keys.",
  fields: (t) => ({
    id: t.exposeID("id"),
    at: t.expose("at", { type: "DateTime" }),
    actor: t.exposeString("actor"),
    actorKeyId: t.exposeString("actorKeyId", { nullable: true }),
    action: t.exposeString("action"),
    entity: t.exposeString("entity"),
    entityId: t.exposeString("entityId"),
    before: t.expose("before", { type: "JSON", nullable: true }),
    after: t.expose("after", { type: "JSON", nullable: true }),
  }),
});

builder.queryField("auditEvents", (t) =>
  t.field({
    type: [AuditEventRef],
    description: "Audit events, newest first.",
    authScopes: { compliance: true, admin: true },
    args: {
      entity: t.arg.string({ required: false }),
      entityId: t.arg.string({ required: false }),
      first: t.arg.int({ required: false, description: FIRST_DESCRIPTION }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db.auditEvent.findMany({
        where: {
          ...(args.entity ? { entity: args.entity } : {}),
          ...(args.entityId ? { entityId: args.entityId } : {}),
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: pageSize(args.first),
      }),
  }),
);
