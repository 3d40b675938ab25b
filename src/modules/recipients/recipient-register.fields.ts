/**
 * Recipient's register fields for staff: the notices, foreign statements and conforming-system
 * checks that make a provision lawful, as the console's register shows them. Read-only; the
 * mutations in notices.mutations.ts change them.
 */
import { builder } from "../../builder.js";
import { RecipientRef } from "./recipient.type.js";

const staff = { compliance: true, admin: true } as const;

const ConformingCheckRef = builder
  .objectRef<{
    id: string;
    basis: string;
    checkedAt: Date;
    nextCheckDue: Date;
    findings: string;
    measuresAssured: boolean;
  }>("ConformingSystemCheck")
  .implement({
    description: "A periodic check of a foreign recipient's conforming system (R18).",
    fields: (t) => ({
      id: t.exposeID("id"),
      basis: t.exposeString("basis", { description: "CONTRACT, GROUP_RULES or CBPR." }),
      checkedAt: t.expose("checkedAt", { type: "DateTime" }),
      nextCheckDue: t.expose("nextCheckDue", { type: "DateTime" }),
      findings: t.exposeString("findings"),
      measuresAssured: t.exposeBoolean("measuresAssured"),
    }),
  });

builder.objectFields(RecipientRef, (t) => ({
  optOutNotice: t.field({
    type: "JSON",
    nullable: true,
    authScopes: staff,
    description:
      "The latest version of the opt-out notice with its PPC filing and dates (art. 27(2)), if registered.",
    resolve: (r, _args, ctx) =>
      ctx.db.optOutNotice.findFirst({ where: { recipientId: r.id }, orderBy: { version: "desc" } }),
  }),
  jointUseNotice: t.field({
    type: "JSON",
    nullable: true,
    authScopes: staff,
    description: "The latest version of the joint-use notice with its dates (art. 27(5)(iii)), if announced.",
    resolve: (r, _args, ctx) =>
      ctx.db.jointUseNotice.findFirst({ where: { recipientId: r.id }, orderBy: { version: "desc" } }),
  }),
  foreignStatements: t.field({
    type: ["JSON"],
    authScopes: staff,
    description: "What people are told before consenting to provision abroad (R17), newest version first.",
    resolve: (r, _args, ctx) =>
      ctx.db.foreignStatement.findMany({ where: { recipientId: r.id }, orderBy: { version: "desc" } }),
  }),
  conformingSystemChecks: t.field({
    type: [ConformingCheckRef],
    authScopes: staff,
    description: "Checks of a route C recipient's conforming system (art. 28(3), R18), newest first.",
    resolve: (r, _args, ctx) =>
      ctx.db.conformingSystemCheck.findMany({ where: { recipientId: r.id }, orderBy: { checkedAt: "desc" } }),
  }),
}));
