/**
 * What useProvisionScopes decided for one root field: who gets which items, for what. A
 * decision, fixed before execution; who was then provided is recorded beside it, once, by
 * the field's resolver (recordProvided), for the provision record.
 */
import type { GraphQLResolveInfo } from "graphql";
import { teikyoError } from "../../errors.js";
import type { ProvisionVersions } from "../records/versions-in-force.js";
import type { InclusionContext } from "../../policy/person-inclusion.js";

export interface Grant {
  /** Who gets which items for which purpose, and what each person must satisfy. */
  readonly inclusion: InclusionContext;
  /** The policy versions in force that the provision rests on (for the provision record). */
  readonly versions: ProvisionVersions;
}

/** One person provided under a grant, with the consent it rests on and the items they contributed. */
export interface ProvidedPerson {
  readonly personId: string;
  readonly consentId: string | null;
  /** Sorted (code-unit order), as the provision record keeps them. */
  readonly items: readonly string[];
}

/** The grant for the root field being resolved; fails closed when none was decided. */
export function requireGrant(ctx: { grants: ReadonlyMap<string, Grant> }, info: GraphQLResolveInfo): Grant {
  const grant = ctx.grants.get(String(info.path.key));
  if (!grant) {
    throw teikyoError("PROVISION_SCOPE_MISSING", `No provision decision for "${info.fieldName}": refused.`);
  }
  return grant;
}

/** Who the root field being resolved provided: set once, by its resolver, with the final page. */
export function recordProvided(
  ctx: { provided: Map<string, readonly ProvidedPerson[]> },
  info: GraphQLResolveInfo,
  people: readonly ProvidedPerson[],
): void {
  ctx.provided.set(String(info.path.key), people);
}
