/**
 * The schema one partner can actually use, cut from the full schema: only the root fields a
 * partner key may call, only the personal fields whose data item it may receive for at least
 * one of its purposes, and the purpose argument as an enum of its own purposes. Types no
 * remaining field reaches (every admin and compliance type) are pruned away.
 *
 * "reachable" keeps every personal field and takes any purpose code: validation uses it to tell
 * a scoped-out field or purpose (answered with the scope rule's own denial) from a plain mistake.
 * Resolvers and extensions are kept, so partner operations execute on the visible schema.
 * Pure: no I/O.
 */
import { MapperKind, mapSchema, pruneSchema } from "@graphql-tools/utils";
import {
  GraphQLEnumType,
  type GraphQLFieldConfig,
  type GraphQLInputObjectType,
  GraphQLNonNull,
  type GraphQLObjectType,
  GraphQLScalarType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
  Kind,
  type ValueNode,
} from "graphql";

export const PURPOSE_ENUM = "ProvisionPurpose";

/** What the schema is cut to: the purposes offered and, per purpose, its items. */
export interface PartnerScope {
  /** Purpose code to the items the partner may receive for it. */
  purposes: ReadonlyMap<string, ReadonlySet<string>>;
}

export type ScopedMode = "visible" | "reachable";

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const RESERVED = new Set(["true", "false", "null"]);

/** Root fields a partner key may call: those open to every key, and those scoped to partners. */
export function isPartnerRootField(field: { extensions: Record<string, unknown> }): boolean {
  const options = field.extensions.pothosOptions as { authScopes?: unknown } | undefined;
  const scopes = options?.authScopes;
  if (scopes === undefined) return true;
  return (
    typeof scopes === "object" && scopes !== null && (scopes as Record<string, unknown>).partner === true
  );
}

/** The purposes that allow each item, by item. */
function purposesByItem(scope: PartnerScope): Map<string, string[]> {
  const byItem = new Map<string, string[]>();
  for (const [purpose, items] of scope.purposes)
    for (const item of items) byItem.set(item, [...(byItem.get(item) ?? []), purpose].sort());
  return byItem;
}

function withPurposes(description: string | null | undefined, item: string, purposes: string[]): string {
  const head = description ? `${description}\n\n` : "";
  return `${head}Data item \`${item}\`. Allowed for purposes: ${purposes.join(", ")}.`;
}

function purposeEnum(scope: PartnerScope): GraphQLEnumType | null {
  const codes = [...scope.purposes.keys()].filter((c) => NAME.test(c) && !RESERVED.has(c)).sort();
  if (codes.length === 0) return null;
  return new GraphQLEnumType({
    name: PURPOSE_ENUM,
    description: "The purposes of use you may declare; each provision serves exactly one.",
    values: Object.fromEntries(
      codes.map((code) => [
        code,
        {
          value: code,
          description: `Items you may receive for it: ${[...(scope.purposes.get(code) ?? [])].sort().join(", ") || "none"}.`,
        },
      ]),
    ),
  });
}

/** For "reachable": any purpose code, as a string or an enum literal; the scope rule judges it. */
const anyPurpose = () =>
  new GraphQLScalarType({
    name: PURPOSE_ENUM,
    parseValue: (value: unknown) => String(value),
    parseLiteral: (ast: ValueNode) =>
      ast.kind === Kind.STRING || ast.kind === Kind.ENUM ? ast.value : undefined,
  });

/**
 * The full schema cut to one partner's scope. In "visible" mode an item counts when some
 * purpose of the scope allows it; in "reachable" mode every catalogued item counts.
 */
export function scopedSchema(full: GraphQLSchema, scope: PartnerScope, mode: ScopedMode): GraphQLSchema {
  const byItem = purposesByItem(scope);
  const keeps = (item: unknown): boolean =>
    typeof item === "string" && (mode === "reachable" || byItem.has(item));
  const describe = (description: string | null | undefined, item: string) =>
    mode === "visible" ? withPurposes(description, item, byItem.get(item) ?? []) : (description ?? undefined);
  const purposes = mode === "visible" ? purposeEnum(scope) : anyPurpose();

  // Personal types keep only their kept items; a list field whose element type ends up empty goes too.
  const personalTypes = Object.values(full.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && t.extensions.personalData === true,
  );
  const keptFields = new Map<string, Set<string>>();
  for (const type of personalTypes)
    keptFields.set(
      type.name,
      new Set(
        Object.values(type.getFields())
          .filter((f) => keeps(f.extensions.dataItem) && !isObjectType(getNamedType(f.type)))
          .map((f) => f.name),
      ),
    );
  for (const type of personalTypes)
    for (const f of Object.values(type.getFields())) {
      const inner = getNamedType(f.type);
      if (isObjectType(inner) && keeps(f.extensions.dataItem) && (keptFields.get(inner.name)?.size ?? 0) > 0)
        keptFields.get(type.name)?.add(f.name);
    }

  const rootFieldKept = (field: GraphQLFieldConfig<unknown, unknown>): boolean => {
    if (!isPartnerRootField({ extensions: (field.extensions ?? {}) as Record<string, unknown> }))
      return false;
    if (field.extensions?.provision !== true) return true;
    // A provision field needs a purpose to declare and a personal field to return.
    const inner = getNamedType(field.type);
    const personal = personalTypes.some((t) => (keptFields.get(t.name)?.size ?? 0) > 0);
    if (!purposes || !personal || !inner) return false;
    // An argument that is itself an item (a customer number) must be receivable.
    for (const arg of Object.values(field.args ?? {}))
      if (arg.extensions?.dataItem !== undefined && !keeps(arg.extensions.dataItem)) return false;
    return true;
  };

  const cut = mapSchema(full, {
    [MapperKind.ROOT_FIELD]: (field) => {
      if (!rootFieldKept(field)) return null;
      if (field.extensions?.provision !== true || !purposes) return field;
      const args = { ...field.args };
      if (args.purpose) args.purpose = { ...args.purpose, type: new GraphQLNonNull(purposes) };
      return { ...field, args };
    },
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const kept = keptFields.get(typeName);
      if (!kept) return field;
      if (!kept.has(fieldName)) return null;
      return { ...field, description: describe(field.description, String(field.extensions?.dataItem)) };
    },
    [MapperKind.INPUT_OBJECT_FIELD]: (field) => {
      const item = field.extensions?.dataItem;
      if (item === undefined) return field;
      if (!keeps(item)) return null;
      return { ...field, description: describe(field.description, String(item)) };
    },
  });
  return pruneSchema(withoutEmptyInputs(cut));
}

/** An input type left with no field is invalid: it goes, and with it the arguments that take it. */
function withoutEmptyInputs(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.INPUT_OBJECT_TYPE]: (type) =>
      Object.keys((type as GraphQLInputObjectType).getFields()).length === 0 ? null : type,
  });
}
