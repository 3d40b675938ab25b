/**
 * Collects, for one operation, every personal field it asks for however it is reached
 * (fragments, inline fragments, aliases, nested selections, @skip/@include, variables),
 * grouped by the provision root field (Query.people, Query.person) that serves it.
 * Pure: reads the schema and the document, no resolver runs.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isCompositeType,
  isInputObjectType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import type { RequestedField } from "../../policy/types.js";

export interface ProvisionRequest {
  /** The root field's response key (its alias, if any). */
  responseKey: string;
  fieldName: string;
  purpose: string;
  requested: RequestedField[];
}

export interface OperationItems {
  provisions: ProvisionRequest[];
  /** Personal fields reached outside a provision root field (always refused). */
  stray: RequestedField[];
}

type Variables = Record<string, unknown>;

function included(node: { directives?: readonly unknown[] }, variables: Variables): boolean {
  const n = node as Parameters<typeof getDirectiveValues>[1];
  if (getDirectiveValues(GraphQLSkipDirective, n, variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, n, variables)?.if === false) return false;
  return true;
}

function isPersonal(type: GraphQLNamedType, schema: GraphQLSchema): boolean {
  if (isObjectType(type)) return type.extensions.personalData === true;
  if (isAbstractType(type))
    return schema.getPossibleTypes(type).some((t) => t.extensions.personalData === true);
  return false;
}

export function collectOperationItems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Variables | null | undefined,
): OperationItems | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null; // execution reports the variable errors and runs no resolver
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const walk = (
    type: GraphQLNamedType,
    selectionSet: SelectionSetNode,
    path: string,
    out: RequestedField[],
    depth: number,
  ): void => {
    if (depth > 64) throw new Error("Selection nesting too deep to check.");
    for (const selection of selectionSet.selections) {
      if (!included(selection, variables)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const cond = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (cond) walk(cond, selection.selectionSet, path, out, depth + 1);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const cond = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && cond) walk(cond, fragment.selectionSet, path, out, depth + 1);
        continue;
      }
      const name = selection.name.value;
      if (name === "__typename") continue;
      const key = `${path}.${selection.alias?.value ?? name}`;
      const personal = isPersonal(type, schema);
      const fieldDef = isObjectType(type) ? type.getFields()[name] : undefined;
      if (personal) {
        const item = fieldDef?.extensions.dataItem;
        out.push({ path: `${key} (${type.name}.${name})`, item: typeof item === "string" ? item : null });
      }
      if (fieldDef && selection.selectionSet) {
        const inner = getNamedType(fieldDef.type);
        if (isCompositeType(inner)) walk(inner, selection.selectionSet, key, out, depth + 1);
      } else if (!fieldDef && selection.selectionSet && isAbstractType(type)) {
        // A field selected on an interface: check it against every implementation.
        for (const possible of schema.getPossibleTypes(type)) {
          const def = possible.getFields()[name];
          const inner = def && getNamedType(def.type);
          if (inner && isCompositeType(inner)) walk(inner, selection.selectionSet, key, out, depth + 1);
        }
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const provisions: ProvisionRequest[] = [];
  const stray: RequestedField[] = [];
  const rootSelections: { node: FieldNode }[] = [];
  const gatherRoot = (selectionSet: SelectionSetNode) => {
    for (const s of selectionSet.selections) {
      if (!included(s, variables)) continue;
      if (s.kind === Kind.FIELD) rootSelections.push({ node: s });
      else if (s.kind === Kind.INLINE_FRAGMENT) gatherRoot(s.selectionSet);
      else {
        const fragment = fragments.get(s.name.value);
        if (fragment) gatherRoot(fragment.selectionSet);
      }
    }
  };
  gatherRoot(operation.selectionSet);

  for (const { node } of rootSelections) {
    const fieldDef = root.getFields()[node.name.value];
    const responseKey = node.alias?.value ?? node.name.value;
    if (!fieldDef) continue;
    const out: RequestedField[] = [];
    const inner = getNamedType(fieldDef.type);
    if (fieldDef.extensions.provision === true) {
      const args = getArgumentValues(fieldDef, node, variables);
      for (const argDef of fieldDef.args) {
        const argType = getNamedType(argDef.type);
        const value = args[argDef.name];
        // An argument that selects people by an item (a customer number) uses that item.
        const argItem = argDef.extensions.dataItem;
        if (typeof argItem === "string" && value != null) {
          out.push({ path: `${responseKey}(${argDef.name})`, item: argItem });
        }
        if (!isInputObjectType(argType) || value == null || typeof value !== "object") continue;
        for (const [inputName, inputField] of Object.entries(argType.getFields())) {
          const item = inputField.extensions.dataItem;
          if ((value as Record<string, unknown>)[inputName] != null) {
            out.push({
              path: `${responseKey}(${argDef.name}.${inputName})`,
              item: typeof item === "string" ? item : null,
            });
          }
        }
      }
      if (node.selectionSet && isCompositeType(inner)) walk(inner, node.selectionSet, responseKey, out, 0);
      // Validation makes fields with one response key share their arguments: merge them.
      const same = provisions.find((p) => p.responseKey === responseKey);
      if (same) same.requested.push(...out);
      else
        provisions.push({
          responseKey,
          fieldName: fieldDef.name,
          purpose: String(args.purpose),
          requested: out,
        });
    } else if (node.selectionSet && isCompositeType(inner)) {
      walk(inner, node.selectionSet, responseKey, out, 0);
      stray.push(...out);
    }
  }
  return { provisions, stray };
}
