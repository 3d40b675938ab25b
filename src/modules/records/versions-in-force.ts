/**
 * Which policy versions a provision rests on, as its record names them (art. 29 replay):
 * the purpose version, the notice version of its basis (opt-out or joint use), the foreign
 * statement in force for route A, the conforming-system check for route C.
 */
import { HOME_COUNTRY } from "../../policy/foreign-countries.js";
import { checkInForce } from "../../policy/notices.js";
import type { PurposeFacts, RecipientFacts } from "../../policy/types.js";
import type { RecipientContext } from "../recipients/recipient-context.js";

export interface ProvisionVersions {
  purposeVersionId: string | null;
  noticeVersionId: string | null;
  foreignStatementId: string | null;
  conformingCheckId: string | null;
}

export function versionsInForce(
  recipient: RecipientFacts,
  context: RecipientContext,
  purpose: PurposeFacts | null,
  notices: {
    optOutNotice: { id?: string } | null;
    jointUseNotice: { id?: string } | null;
    conformingChecks: RecipientContext["conformingChecks"];
  },
  now: Date,
): ProvisionVersions {
  const abroad = recipient.country !== HOME_COUNTRY;
  const notice =
    recipient.legalBasis === "OPT_OUT"
      ? notices.optOutNotice
      : recipient.legalBasis === "JOINT_USE"
        ? notices.jointUseNotice
        : null;
  let statement: string | null = null;
  if (abroad && recipient.foreignRoute === "CONSENT") {
    let latest = -Infinity;
    for (const [id, published] of context.foreignStatements) {
      if (published.getTime() <= now.getTime() && published.getTime() > latest) {
        latest = published.getTime();
        statement = id;
      }
    }
  }
  const check =
    abroad && recipient.foreignRoute === "CONFORMING_SYSTEM"
      ? (checkInForce(notices.conformingChecks, now) as { id?: string } | null)
      : null;
  return {
    purposeVersionId: purpose?.versionId ?? null,
    noticeVersionId: notice?.id ?? null,
    foreignStatementId: statement,
    conformingCheckId: check?.id ?? null,
  };
}
