/**
 * Partners' purpose argument is now an enum (scoped-schema.ts), but every client written
 * before wrote it as a string: `people(purpose: "delivery")`, `$purpose: String!`. So that
 * they keep working, a partner's document is read with those spelled as the enum:
 * `purpose: delivery`, `$purpose: ProvisionPurpose!`. Only the purpose argument of the
 * provision root fields changes; a variable is retyped only when every use of it is one.
 * The query text itself is rewritten (before yoga parses it), so yoga's parse and validation
 * caches, shared with internal roles, never hold a partner's reading of a text.
 */
import {
  type ArgumentNode,
  type DocumentNode,
  Kind,
  type NamedTypeNode,
  parse,
  print,
  type TypeNode,
  visit,
} from "graphql";
import { PURPOSE_ENUM } from "./scoped-schema.js";

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const MAX_MEMO = 1000;
const memo = new Map<string, string>();

/** The query text with its purpose strings as enum values (the text itself if none). */
export function withPurposeEnumText(query: string, provisionFields: ReadonlySet<string>): string {
  if (!query.includes("purpose")) return query;
  const hit = memo.get(query);
  if (hit !== undefined) return hit;
  let rewritten = query;
  try {
    const document = parse(query);
    const changed = withPurposeEnum(document, provisionFields);
    if (changed !== document) rewritten = print(changed);
  } catch {
    // Not a document: yoga reports the syntax error on the text as sent.
  }
  memo.set(query, rewritten);
  if (memo.size > MAX_MEMO) memo.delete(memo.keys().next().value as string);
  return rewritten;
}

const namedString = (type: TypeNode): boolean =>
  (type.kind === Kind.NAMED_TYPE && type.name.value === "String") ||
  (type.kind === Kind.NON_NULL_TYPE && namedString(type.type));

function asPurposeType(type: TypeNode): TypeNode {
  const named: NamedTypeNode = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: PURPOSE_ENUM } };
  return type.kind === Kind.NON_NULL_TYPE ? { ...type, type: named } : named;
}

export function withPurposeEnum(document: DocumentNode, provisionFields: ReadonlySet<string>): DocumentNode {
  // Variables used as a purpose, and variables used anywhere else.
  const asPurpose = new Set<string>();
  const elsewhere = new Set<string>();
  let purposeArg: ArgumentNode | null = null;
  visit(document, {
    Field: {
      enter(field) {
        if (!provisionFields.has(field.name.value)) return;
        for (const arg of field.arguments ?? [])
          if (arg.name.value === "purpose" && arg.value.kind === Kind.VARIABLE)
            asPurpose.add(arg.value.name.value);
      },
    },
    Argument: {
      enter(arg) {
        purposeArg = arg;
      },
      leave() {
        purposeArg = null;
      },
    },
    Variable(node, _key, parent) {
      if ((parent as { kind?: string } | undefined)?.kind === Kind.VARIABLE_DEFINITION) return;
      if (!purposeArg || purposeArg.name.value !== "purpose" || purposeArg.value !== node)
        elsewhere.add(node.name.value);
    },
  });
  let inProvision = 0;
  const rewritten = visit(document, {
    Field: {
      enter(field) {
        if (provisionFields.has(field.name.value)) inProvision++;
      },
      leave(field) {
        if (provisionFields.has(field.name.value)) inProvision--;
      },
    },
    Argument(arg) {
      if (inProvision === 0 || arg.name.value !== "purpose" || arg.value.kind !== Kind.STRING) return;
      if (!NAME.test(arg.value.value) || ["true", "false", "null"].includes(arg.value.value)) return;
      return { ...arg, value: { kind: Kind.ENUM, value: arg.value.value } };
    },
    VariableDefinition(def) {
      const name = def.variable.name.value;
      if (!asPurpose.has(name) || elsewhere.has(name) || !namedString(def.type)) return;
      return { ...def, type: asPurposeType(def.type) };
    },
  });
  return rewritten;
}
