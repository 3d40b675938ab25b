/**
 * The schema a caller without a key may use: the root query fields marked public
 * (`extensions: { public: true }`), which carry only what the company must publish anyway
 * (the privacy notice of APPI art. 21, 27, 28 and 32), and the types they reach. No mutation,
 * no personal type, no internal name. The built-in scalars stay, so that a client's variable
 * of any of them is read as the spec says (then refused only if it is wrong for the field).
 * Pure: no I/O.
 */
import { MapperKind, mapSchema, pruneSchema } from "@graphql-tools/utils";
import {
  type GraphQLFieldConfig,
  GraphQLSchema,
  lexicographicSortSchema,
  printSchema,
  specifiedScalarTypes,
} from "graphql";

/** A root field anyone may call: marked public, and open to every key (no role scope). */
export function isPublicRootField(field: Pick<GraphQLFieldConfig<unknown, unknown>, "extensions">): boolean {
  const extensions = (field.extensions ?? {}) as Record<string, unknown>;
  const scopes = (extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
  return extensions.public === true && scopes === undefined;
}

export interface PublicSchema {
  schema: GraphQLSchema;
  /** The schema as SDL (GET /schema.graphql without a key). */
  sdl: string;
}

export function cutPublicSchema(full: GraphQLSchema): PublicSchema {
  const cut = pruneSchema(
    mapSchema(full, {
      [MapperKind.QUERY_ROOT_FIELD]: (field) => (isPublicRootField(field) ? field : null),
      [MapperKind.MUTATION]: () => null,
      [MapperKind.SUBSCRIPTION]: () => null,
    }),
  );
  const config = cut.toConfig();
  const named = new Set(config.types.map((t) => t.name));
  const schema = new GraphQLSchema({
    ...config,
    types: [...config.types, ...specifiedScalarTypes.filter((t) => !named.has(t.name))],
  });
  return { schema, sdl: `${printSchema(lexicographicSortSchema(schema))}\n` };
}

const byFull = new WeakMap<GraphQLSchema, PublicSchema>();

/** The public schema of a full schema, cut once. */
export function publicSchemaOf(full: GraphQLSchema): PublicSchema {
  let found = byFull.get(full);
  if (!found) {
    found = cutPublicSchema(full);
    byFull.set(full, found);
  }
  return found;
}
