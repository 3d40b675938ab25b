/**
 * For compliance: a person's privacy state, and why a provision would include them or not
 * (partners are never told why: an opt-out or suspension is itself personal data).
 */
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { noticesAt } from "../recipients/recipient-context.js";
import { builder } from "../../builder.js";
import { decidePerson } from "../../policy/person-inclusion.js";
import { decideScope } from "../../policy/provision-scope.js";
import { badInput } from "../catalog/input-problems.js";
import { inclusionContext } from "../recipients/inclusion-context.js";
import { loadRecipientForRules } from "../recipients/recipient-loader.js";
import { PERSON_STATE_SELECT, toPersonState } from "../people/person-state.js";
import {
  CONSENT_INCLUDE,
  ConsentRef,
  OptOutRequestRef,
  ReferablePledgeRef,
  SuspensionRequestRef,
} from "./person-state.types.js";

const staff = { compliance: true, admin: true } as const;

const PrivacyState = builder.objectRef<{ personId: string }>("PrivacyState").implement({
  description: "A person's consents and requests, newest first.",
  fields: (t) => ({
    personId: t.exposeString("personId"),
    acquisition: t.string({
      description:
        "How the data was acquired: DIRECT, FROM_THIRD_PARTY_WITH_CONSENT, BY_OPT_OUT or IMPROPER (art. 20, 27(2)).",
      resolve: async (s, _a, ctx) =>
        (
          await ctx.db.person.findUniqueOrThrow({
            where: { id: s.personId },
            select: { acquisitionMethod: true },
          })
        ).acquisitionMethod,
    }),
    consents: t.field({
      type: [ConsentRef],
      resolve: (s, _a, ctx) =>
        ctx.db.consent.findMany({
          where: { personId: s.personId },
          include: CONSENT_INCLUDE,
          orderBy: { givenAt: "desc" },
        }),
    }),
    optOutRequests: t.field({
      type: [OptOutRequestRef],
      resolve: (s, _a, ctx) =>
        ctx.db.optOutRequest.findMany({ where: { personId: s.personId }, orderBy: { receivedAt: "desc" } }),
    }),
    suspensionRequests: t.field({
      type: [SuspensionRequestRef],
      resolve: (s, _a, ctx) =>
        ctx.db.suspensionRequest.findMany({
          where: { personId: s.personId },
          orderBy: { receivedAt: "desc" },
        }),
    }),
    referablePledges: t.field({
      type: [ReferablePledgeRef],
      resolve: (s, _a, ctx) =>
        ctx.db.referablePledge.findMany({
          where: { personId: s.personId },
          orderBy: { confirmedAt: "desc" },
        }),
    }),
  }),
});

builder.queryField("privacyState", (t) =>
  t.field({
    type: PrivacyState,
    authScopes: staff,
    args: { personId: t.arg.string({ required: true }) },
    resolve: async (_root, { personId }, ctx) => {
      if (!(await ctx.db.person.findUnique({ where: { id: personId }, select: { id: true } })))
        badInput(`Person "${personId}" does not exist.`);
      return { personId };
    },
  }),
);

interface EligibilityShape {
  allowed: boolean;
  included: boolean;
  reason: string | null;
  rule: string | null;
  ground: string | null;
  records: string[];
  consentId: string | null;
  denials: { code: string; rule: string; message: string }[];
}

const Denial = builder
  .objectRef<{ code: string; rule: string; message: string }>("ProvisionDenial")
  .implement({
    fields: (t) => ({
      code: t.exposeString("code"),
      rule: t.exposeString("rule"),
      message: t.exposeString("message"),
    }),
  });

const Eligibility = builder.objectRef<EligibilityShape>("ProvisionEligibility").implement({
  description: "What Teikyo would decide for this person, recipient, purpose and items, and why.",
  fields: (t) => ({
    allowed: t.exposeBoolean("allowed", {
      description: "The provision as a whole is lawful for these items.",
    }),
    included: t.exposeBoolean("included", { description: "This person would be included." }),
    reason: t.exposeString("reason", { nullable: true }),
    rule: t.exposeString("rule", { nullable: true }),
    ground: t.exposeString("ground", { nullable: true }),
    records: t.exposeStringList("records"),
    consentId: t.exposeString("consentId", { nullable: true }),
    denials: t.expose("denials", { type: [Denial] }),
  }),
});

builder.queryField("provisionEligibility", (t) =>
  t.field({
    type: Eligibility,
    authScopes: staff,
    args: {
      personId: t.arg.string({ required: true }),
      recipientId: t.arg.string({ required: true }),
      purpose: t.arg.string({ required: true }),
      items: t.arg.stringList({
        required: false,
        description: "Default: the recipient's items for the purpose.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const recipient = await loadRecipientForRules(ctx.db, args.recipientId);
      if (!recipient) badInput(`Recipient "${args.recipientId}" does not exist.`);
      const person = await ctx.db.person.findUnique({
        where: { id: args.personId },
        select: { id: true, ...PERSON_STATE_SELECT },
      });
      if (!person) badInput(`Person "${args.personId}" does not exist.`);
      const snapshot = await catalogSnapshot(ctx.db, ctx.now);
      const items = args.items ?? [...(recipient.facts.items.get(args.purpose) ?? [])];
      const scope = decideScope({
        recipient: recipient.facts,
        purposeCode: args.purpose,
        purpose: snapshot.purposes.get(args.purpose) ?? null,
        catalog: snapshot.items,
        requested: items.map((item) => ({ path: item, item })),
        now: ctx.now,
        ...noticesAt(recipient.context, ctx.now),
      });
      if (!scope.allowed) {
        return {
          allowed: false,
          included: false,
          reason: null,
          rule: null,
          ground: null,
          records: [],
          consentId: null,
          denials: scope.denials,
        };
      }
      const inclusion = decidePerson(
        toPersonState(person),
        inclusionContext(
          recipient.facts,
          recipient.context,
          { ...scope, purposeCode: args.purpose },
          snapshot,
          ctx.now,
        ),
      );
      return {
        allowed: true,
        included: inclusion.included,
        reason: inclusion.included ? null : inclusion.code,
        rule: inclusion.included ? null : inclusion.rule,
        ground: scope.personRule.ground,
        records: scope.personRule.records,
        consentId: inclusion.included ? inclusion.consentId : null,
        denials: [],
      };
    },
  }),
);
