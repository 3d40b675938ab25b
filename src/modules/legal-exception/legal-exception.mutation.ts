/**
 * The legal-exception channel (art. 27(1)(i)-(vii)): compliance staff state the ground and
 * its reference (e.g. a court order number) for a one-off provision. No consent and no
 * art. 29 record are needed, but every such provision is logged and audited.
 */
import { builder } from "../../builder.js";
import { audit } from "../audit/audit.js";
import { checkLegalException } from "../../policy/legal-exception.js";
import { badInput, rejectProblems } from "../catalog/input-problems.js";
import { PERSON_FIELDS } from "../people/person-items.js";

const GroundEnum = builder.enumType("LegalExceptionGround", {
  values: {
    LAWS_AND_REGULATIONS: { description: "Based on laws and regulations (27(1)(i))." },
    LIFE_BODY_PROPERTY: {
      description: "To protect life, body or property when consent is hard to get (27(1)(ii)).",
    },
    PUBLIC_HEALTH_CHILDREN: { description: "Public health or children's sound growth (27(1)(iii))." },
    GOVERNMENT_AFFAIRS: { description: "Cooperation with state or local government duties (27(1)(iv))." },
    ACADEMIC_RESEARCH_PUBLICATION: {
      description:
        "We are an academic research institution and publishing or teaching results needs it (27(1)(v)).",
    },
    ACADEMIC_RESEARCH_JOINT: {
      description:
        "We are an academic research institution providing it for joint academic research (27(1)(vi)).",
    },
    ACADEMIC_RESEARCH_RECIPIENT: {
      description:
        "The recipient is an academic research institution handling it for academic research (27(1)(vii)).",
    },
  } as const,
});

const Input = builder.inputType("LegalExceptionInput", {
  fields: (t) => ({
    ground: t.field({ type: GroundEnum, required: true }),
    reference: t.string({ required: true, description: "The order, inquiry or request reference." }),
    recipientName: t.string({ required: true, description: "Who receives it (court, police station...)." }),
    personIds: t.stringList({ required: true }),
    items: t.stringList({ required: true, description: "Person data items to provide." }),
  }),
});

const Result = builder
  .objectRef<{
    id: string;
    ground: string;
    reference: string;
    recipientName: string;
    at: Date;
    data: unknown;
  }>("LegalExceptionProvision")
  .implement({
    fields: (t) => ({
      id: t.exposeID("id"),
      ground: t.exposeString("ground"),
      reference: t.exposeString("reference"),
      recipientName: t.exposeString("recipientName"),
      at: t.expose("at", { type: "DateTime" }),
      data: t.expose("data", {
        type: "JSON",
        description: "The people's requested items, to hand to the recipient.",
      }),
    }),
  });

builder.mutationField("provideUnderLegalException", (t) =>
  t.field({
    type: Result,
    authScopes: { compliance: true },
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.db.$transaction(async (tx) => {
        const personIds = [...new Set(input.personIds)];
        rejectProblems(
          checkLegalException({
            reference: input.reference,
            personIds,
            items: input.items,
            knownItems: new Set(PERSON_FIELDS.map((f) => f.item)),
          }),
        );
        const fields = input.items.map((item) => ({
          item,
          field: PERSON_FIELDS.find((f) => f.item === item),
        }));
        const select: Record<string, true> = { id: true };
        for (const f of fields) if (f.field) select[f.field.field] = true;
        const people = (await tx.person.findMany({
          where: { id: { in: personIds } },
          select,
          orderBy: { id: "asc" },
        })) as unknown as { id: string }[];
        const missing = personIds.filter((id) => !people.some((p) => p.id === id));
        if (missing.length) badInput(`Unknown people: ${missing.join(", ")}.`);
        const row = await tx.legalExceptionProvision.create({
          data: {
            ground: input.ground,
            reference: input.reference,
            recipientName: input.recipientName,
            personIds,
            items: input.items,
            actorKeyId: ctx.principal.keyId,
            at: ctx.now,
          },
        });
        await audit(
          tx,
          ctx.principal,
          "legalException.provide",
          "LegalExceptionProvision",
          row.id,
          null,
          row,
        );
        return { ...row, data: people };
      }),
  }),
);
