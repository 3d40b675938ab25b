/** GraphQL types of a person's privacy state: consents, opt-out and suspension requests, pledges. */
import { builder } from "../../builder.js";

export interface ConsentRow {
  id: string;
  personId: string;
  recipientId: string | null;
  recipientGroup: string | null;
  purposeCode: string;
  purposeVersionId: string | null;
  allItems: boolean;
  items: { itemCode: string }[];
  foreignStatementId: string | null;
  givenAt: Date;
  method: string;
  evidenceRef: string;
  withdrawnAt: Date | null;
}

export const CONSENT_INCLUDE = { items: { select: { itemCode: true } } } as const;

export const ConsentRef = builder.objectRef<ConsentRow>("Consent").implement({
  description: "A person's consent to provision (art. 27(1); abroad, art. 28(1) on a statement).",
  fields: (t) => ({
    id: t.exposeID("id"),
    personId: t.exposeString("personId"),
    recipientId: t.exposeString("recipientId", { nullable: true }),
    recipientGroup: t.exposeString("recipientGroup", { nullable: true }),
    purpose: t.exposeString("purposeCode"),
    purposeVersionId: t.exposeString("purposeVersionId", {
      nullable: true,
      description: "The purpose version consented on: allItems means its items.",
    }),
    allItems: t.exposeBoolean("allItems", {
      description:
        "Covers every item of the purpose version consented on that was ordinary then; sensitive items and identification codes only when named.",
    }),
    items: t.stringList({ resolve: (c) => c.items.map((i) => i.itemCode).sort() }),
    foreignStatementId: t.exposeString("foreignStatementId", { nullable: true }),
    givenAt: t.expose("givenAt", { type: "DateTime" }),
    method: t.exposeString("method"),
    evidenceRef: t.exposeString("evidenceRef"),
    withdrawnAt: t.expose("withdrawnAt", { type: "DateTime", nullable: true }),
  }),
});

export const OptOutRequestRef = builder
  .objectRef<{
    id: string;
    personId: string;
    recipientId: string | null;
    receivedAt: Date;
    withdrawnAt: Date | null;
  }>("OptOutRequest")
  .implement({
    description: "A person's request to stop opt-out provision (art. 27(2)); recipientId null: to everyone.",
    fields: (t) => ({
      id: t.exposeID("id"),
      personId: t.exposeString("personId"),
      recipientId: t.exposeString("recipientId", { nullable: true }),
      receivedAt: t.expose("receivedAt", { type: "DateTime" }),
      withdrawnAt: t.expose("withdrawnAt", { type: "DateTime", nullable: true }),
    }),
  });

export const SuspensionScopeEnum = builder.enumType("SuspensionScope", {
  values: {
    THIRD_PARTY_PROVISION: { description: "Stop provision to third parties (all, or one recipient)." },
    USE_FOR_PURPOSE: { description: "Stop use for one purpose." },
  } as const,
});

export const SuspensionRequestRef = builder
  .objectRef<{
    id: string;
    personId: string;
    scope: "THIRD_PARTY_PROVISION" | "USE_FOR_PURPOSE";
    recipientId: string | null;
    purposeCode: string | null;
    reason: string;
    receivedAt: Date;
    liftedAt: Date | null;
  }>("SuspensionRequest")
  .implement({
    description: "A person's demand to stop use or provision (art. 35), effective from receipt.",
    fields: (t) => ({
      id: t.exposeID("id"),
      personId: t.exposeString("personId"),
      scope: t.field({ type: SuspensionScopeEnum, resolve: (s) => s.scope }),
      recipientId: t.exposeString("recipientId", { nullable: true }),
      purpose: t.exposeString("purposeCode", { nullable: true }),
      reason: t.exposeString("reason"),
      receivedAt: t.expose("receivedAt", { type: "DateTime" }),
      liftedAt: t.expose("liftedAt", { type: "DateTime", nullable: true }),
    }),
  });

export const ReferablePledgeRef = builder
  .objectRef<{
    id: string;
    recipientId: string;
    personId: string | null;
    pledgeRef: string;
    confirmedAt: Date;
    withdrawnAt: Date | null;
  }>("ReferablePledge")
  .implement({
    description:
      "A recipient's confirmed pledge that the person consented to its linking of referable items (art. 31); personId null: a batch pledge.",
    fields: (t) => ({
      id: t.exposeID("id"),
      recipientId: t.exposeString("recipientId"),
      personId: t.exposeString("personId", { nullable: true }),
      pledgeRef: t.exposeString("pledgeRef"),
      confirmedAt: t.expose("confirmedAt", { type: "DateTime" }),
      withdrawnAt: t.expose("withdrawnAt", { type: "DateTime", nullable: true }),
    }),
  });
