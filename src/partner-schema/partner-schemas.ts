/**
 * A partner's schemas, cut once per scope version. The scope comes from the key's recipient
 * facts and the catalog, both reference data that every change invalidates at once
 * (src/cache/reference-cache.ts); the version is the scope itself, so a changed scope finds
 * no cached schema and the next request gets the new one.
 */
import { createHash } from "node:crypto";
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import type { PurposeFacts, RecipientFacts } from "../policy/types.js";
import { type PartnerScope, scopedSchema } from "./scoped-schema.js";

export interface PartnerSchemas {
  /** What the partner sees and runs on. */
  visible: GraphQLSchema;
  /** Every personal field and any purpose: to name the rule a refused operation breaks. */
  reachable: GraphQLSchema;
  /** The visible schema as SDL (GET /schema.graphql). */
  sdl: string;
  /** The scope version: a digest of the scope it was cut to. */
  version: string;
}

/**
 * The items the recipient may receive, per purpose: those in its scope for a purpose its
 * contract covers that the announced purpose also uses (the scope rule refuses the rest).
 */
export function partnerScope(
  recipient: RecipientFacts,
  purposes: ReadonlyMap<string, PurposeFacts>,
): PartnerScope {
  const scope = new Map<string, Set<string>>();
  if (recipient.legalBasis === "LEGAL_EXCEPTION") return { purposes: scope };
  for (const code of recipient.purposes) {
    const announced = purposes.get(code);
    const items = [...(recipient.items.get(code) ?? [])].filter((i) => announced?.items.includes(i));
    if (items.length > 0) scope.set(code, new Set(items));
  }
  return { purposes: scope };
}

export function scopeVersion(recipientId: string, scope: PartnerScope): string {
  const canonical = JSON.stringify([
    recipientId,
    [...scope.purposes].map(([p, items]) => [p, [...items].sort()]).sort(),
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

const MAX_ENTRIES = 500;
const byFullSchema = new WeakMap<
  GraphQLSchema,
  { reachable: GraphQLSchema; cut: Map<string, PartnerSchemas> }
>();

export function partnerSchemas(
  full: GraphQLSchema,
  recipientId: string,
  scope: PartnerScope,
): PartnerSchemas {
  let forFull = byFullSchema.get(full);
  if (!forFull) {
    forFull = { reachable: scopedSchema(full, { purposes: new Map() }, "reachable"), cut: new Map() };
    byFullSchema.set(full, forFull);
  }
  const version = scopeVersion(recipientId, scope);
  const hit = forFull.cut.get(version);
  if (hit) return hit;
  const visible = scopedSchema(full, scope, "visible");
  const schemas: PartnerSchemas = {
    visible,
    reachable: forFull.reachable,
    sdl: `${printSchema(lexicographicSortSchema(visible))}\n`,
    version,
  };
  forFull.cut.set(version, schemas);
  if (forFull.cut.size > MAX_ENTRIES) forFull.cut.delete(forFull.cut.keys().next().value as string);
  return schemas;
}
