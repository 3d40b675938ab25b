/**
 * person-inclusion.ts as a database filter (Prisma `where` shape, built as plain data), so
 * a page of people is filtered in the database with the same rule the pure function
 * applies to each row afterwards.
 */
import type { InclusionContext } from "./person-inclusion.js";

type Where = Record<string, unknown>;

const inForceWhere = (start: string, end: string, now: Date): Where => ({
  [start]: { lte: now },
  OR: [{ [end]: null }, { [end]: { gt: now } }],
});

export function personInclusionWhere(ctx: InclusionContext): Where {
  const { recipient, now, rule, purposeCode } = ctx;
  const and: Where[] = [
    {
      suspensionRequests: {
        none: {
          AND: [
            inForceWhere("receivedAt", "liftedAt", now),
            {
              OR: [
                {
                  scope: "THIRD_PARTY_PROVISION",
                  OR: [{ recipientId: null }, { recipientId: recipient.id }],
                },
                { scope: "USE_FOR_PURPOSE", purposeCode },
              ],
            },
          ],
        },
      },
    },
    { acquisitionMethod: { not: "IMPROPER" } },
  ];
  if (rule.optOut) {
    and.push({ acquisitionMethod: { not: "BY_OPT_OUT" } });
    and.push({
      optOutRequests: {
        none: {
          AND: [
            inForceWhere("receivedAt", "withdrawnAt", now),
            { OR: [{ recipientId: null }, { recipientId: recipient.id }] },
          ],
        },
      },
    });
  }
  if (rule.consent !== "NONE") {
    const forRecipient: Where[] = [{ recipientId: recipient.id }];
    if (recipient.groupCode) forRecipient.push({ recipientGroup: recipient.groupCode });
    const covers = [...ctx.items].map((item) => {
      const cls = ctx.classes.get(item);
      const named = { items: { some: { itemCode: item } } };
      // allItems covers the item only on the purpose versions that held it as ordinary.
      const versions = [...ctx.allItemsCoverage].filter(([, items]) => items.has(item)).map(([id]) => id);
      return cls === "ORDINARY" || cls === "PERSONALLY_REFERABLE"
        ? { OR: [{ allItems: true, purposeVersionId: { in: versions } }, named] }
        : named;
    });
    and.push({
      consents: {
        some: {
          AND: [
            inForceWhere("givenAt", "withdrawnAt", now),
            { purposeCode },
            { OR: forRecipient },
            ...(rule.consent === "FOREIGN"
              ? [
                  {
                    OR: [...ctx.foreignStatements].map(([id, published]) => ({
                      foreignStatementId: id,
                      givenAt: { gte: published },
                    })),
                  },
                ]
              : []),
            ...covers,
          ],
        },
      },
    });
  }
  if (rule.referableConfirmation && !ctx.batchReferablePledge) {
    and.push({
      referablePledges: {
        some: { AND: [{ recipientId: recipient.id }, inForceWhere("confirmedAt", "withdrawnAt", now)] },
      },
    });
  }
  return { AND: and };
}
