/** Registering and withdrawing consents (compliance and admin); each change is audited. */
import { builder } from "../../builder.js";
import { statementShownBeforeConsent } from "../../policy/registration-checks.js";
import { versionInForce } from "../../policy/versions.js";
import { audit } from "../audit/audit.js";
import { badInput } from "../catalog/input-problems.js";
import { CONSENT_INCLUDE, ConsentRef } from "./person-state.types.js";

const ConsentInput = builder.inputType("ConsentInput", {
  fields: (t) => ({
    personId: t.string({ required: true }),
    recipientId: t.string({
      required: false,
      description: "The recipient consented to (or give recipientGroup).",
    }),
    recipientGroup: t.string({ required: false, description: "A named group of recipients consented to." }),
    purpose: t.string({ required: true }),
    allItems: t.boolean({
      required: false,
      description: "Every ordinary item of the purpose (default false).",
    }),
    items: t.stringList({
      required: false,
      description: "Items named in the consent; sensitive items and identification codes must be named.",
    }),
    foreignStatementId: t.string({
      required: false,
      description: "Route A: the statement the person was shown.",
    }),
    givenAt: t.field({ type: "DateTime", required: false, description: "Default: now." }),
    method: t.string({ required: true, description: "How consent was given (web form, signed paper...)." }),
    evidenceRef: t.string({ required: true, description: "Where the evidence is kept." }),
  }),
});

builder.mutationField("registerConsent", (t) =>
  t.field({
    type: ConsentRef,
    authScopes: { compliance: true, admin: true },
    args: { input: t.arg({ type: ConsentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        if (!input.recipientId === !input.recipientGroup)
          badInput("Give exactly one of recipientId and recipientGroup.");
        if (!(await tx.person.findUnique({ where: { id: input.personId }, select: { id: true } }))) {
          badInput(`Person "${input.personId}" does not exist.`);
        }
        if (input.recipientId && !(await tx.recipient.findUnique({ where: { id: input.recipientId } }))) {
          badInput(`Recipient "${input.recipientId}" does not exist.`);
        }
        // The person consents to the purpose as announced when they consent (art. 27(1)):
        // the consent records that version, and `allItems` means its items.
        const givenAt = input.givenAt ?? ctx.now;
        const purpose = versionInForce(
          await tx.purposeVersion.findMany({
            where: { purposeCode: input.purpose },
            include: { items: { select: { itemCode: true } } },
          }),
          givenAt,
        );
        if (!purpose)
          badInput(
            `Purpose "${input.purpose}" was not an announced purpose in force on ${givenAt.toISOString().slice(0, 10)}.`,
            "APPI art. 17(1)",
          );
        const items = [...new Set(input.items ?? [])];
        if (!input.allItems && items.length === 0) badInput("A consent names its items, or sets allItems.");
        const purposeItems = new Set(purpose.items.map((i) => i.itemCode));
        const outside = items.filter((i) => !purposeItems.has(i));
        if (outside.length)
          badInput(`Items not used by purpose "${input.purpose}": ${outside.join(", ")}.`, "APPI art. 18(1)");
        if (input.foreignStatementId) {
          const statement = await tx.foreignStatement.findUnique({ where: { id: input.foreignStatementId } });
          if (statement && !statementShownBeforeConsent(statement.publishedAt, input.givenAt ?? ctx.now)) {
            badInput(
              `Foreign statement "${input.foreignStatementId}" was published after the consent: it cannot have been shown.`,
              "APPI R17",
            );
          }
          if (!statement || statement.recipientId !== input.recipientId) {
            badInput(
              `Foreign statement "${input.foreignStatementId}" is not one of recipient "${input.recipientId}".`,
              "APPI art. 28(2)",
            );
          }
        }
        const consent = await tx.consent.create({
          data: {
            personId: input.personId,
            recipientId: input.recipientId ?? null,
            recipientGroup: input.recipientGroup ?? null,
            purposeCode: input.purpose,
            purposeVersionId: purpose.id,
            allItems: input.allItems ?? false,
            foreignStatementId: input.foreignStatementId ?? null,
            givenAt,
            method: input.method,
            evidenceRef: input.evidenceRef,
            items: { create: items.map((itemCode) => ({ itemCode })) },
          },
          include: CONSENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "consent.register", "Consent", consent.id, null, consent);
        return consent;
      }),
  }),
);

builder.mutationField("withdrawConsent", (t) =>
  t.field({
    type: ConsentRef,
    description: "Withdraws a consent; provision on it stops at once.",
    authScopes: { compliance: true, admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const id = String(args.id);
        const before = await tx.consent.findUnique({ where: { id }, include: CONSENT_INCLUDE });
        if (!before) badInput(`Consent "${id}" does not exist.`);
        if (before.withdrawnAt)
          badInput(`Consent "${id}" was already withdrawn on ${before.withdrawnAt.toISOString()}.`);
        const after = await tx.consent.update({
          where: { id },
          data: { withdrawnAt: ctx.now },
          include: CONSENT_INCLUDE,
        });
        await audit(tx, ctx.principal, "consent.withdraw", "Consent", id, before, after);
        return after;
      }),
  }),
);
