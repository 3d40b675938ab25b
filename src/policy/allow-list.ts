/**
 * Whether an operation registered for a recipient could ever pass its scope (APPI art.
 * 17-18, 27): the purpose must be one its contract covers, and every item one the purpose
 * uses and the recipient may receive for it, whatever the day or the notices (those are
 * checked when it runs). Pure; the registration resolver gathers the facts.
 */
import { checkItem, checkOptOutItems, checkPurpose } from "./provision-scope.js";
import type { DataItemFacts, Denial, PurposeFacts, RecipientFacts, RequestedField } from "./types.js";

export interface RegistrationInput {
  recipient: RecipientFacts;
  purposeCode: string;
  purpose: PurposeFacts | null;
  catalog: ReadonlyMap<string, DataItemFacts>;
  requested: readonly RequestedField[];
}

/** The scope denials that would refuse this provision on any day; none when it can pass. */
export function registrationDenials(input: RegistrationInput): Denial[] {
  const scope = { ...input, now: new Date(0) };
  if (input.recipient.legalBasis === "LEGAL_EXCEPTION") {
    return [
      {
        code: "BASIS_NOT_AVAILABLE",
        rule: "APPI art. 27(1)(i)-(vii)",
        message: "Legal-exception provisions are made by compliance staff, not by partner operations.",
      },
    ];
  }
  const purpose = checkPurpose(scope);
  if (purpose) return [purpose];
  if (input.requested.length === 0) {
    return [
      {
        code: "NO_DATA_ITEM_REQUESTED",
        rule: "APPI art. 27(1)",
        message: "The operation asks for no data item; select at least one field the scope allows.",
      },
    ];
  }
  const denials = input.requested.map((f) => checkItem(scope, f)).filter((d): d is Denial => d !== null);
  if (denials.length === 0 && input.recipient.legalBasis === "OPT_OUT")
    denials.push(...checkOptOutItems(scope));
  return denials;
}
