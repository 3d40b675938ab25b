/** What useProvisionScopes decided for one root field: who gets which items, for what. */
import type { GraphQLResolveInfo } from "graphql";
import { teikyoError } from "../errors.js";
import type { ProvisionVersions } from "../modules/records/versions-in-force.js";
import type { InclusionContext } from "../policy/person-inclusion.js";

export interface Grant {
  /** Who gets which items for which purpose, and what each person must satisfy. */
  inclusion: InclusionContext;
  /** The policy versions in force that the provision rests on (for the provision record). */
  versions: ProvisionVersions;
  /** Who was provided, with the consent each rests on (for the provision record). */
  provided: { personId: string; consentId: string | null; items: string[] }[];
}

/** The grant for the root field being resolved; fails closed when none was decided. */
export function requireGrant(ctx: { grants: Map<string, Grant> }, info: GraphQLResolveInfo): Grant {
  const grant = ctx.grants.get(String(info.path.key));
  if (!grant) {
    throw teikyoError("PROVISION_SCOPE_MISSING", `No provision decision for "${info.fieldName}": refused.`);
  }
  return grant;
}
