/**
 * The operation a request runs and its coerced variables, found once per request: several
 * plugins need them before execution (the scoped schema's variable check, the page-size and
 * people-per-operation limits, the access log, reference invalidation), and each finding them
 * again walked the document and coerced the variables again.
 */
import {
  type DocumentNode,
  getOperationAST,
  getVariableValues,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

// Documents come from yoga's parse cache, so the same document object recurs across requests.
const operations = new WeakMap<DocumentNode, Map<string, OperationDefinitionNode | null>>();

/** getOperationAST, remembered per document and operation name. */
export function operationOf(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | null {
  let byName = operations.get(document);
  if (!byName) operations.set(document, (byName = new Map()));
  const name = operationName ?? "";
  let operation = byName.get(name);
  if (operation === undefined)
    byName.set(name, (operation = getOperationAST(document, operationName) ?? null));
  return operation;
}

type Coerced = ReturnType<typeof getVariableValues>;
const coercions = new WeakMap<
  object,
  { schema: GraphQLSchema; operation: OperationDefinitionNode; result: Coerced }
>();

/** getVariableValues, remembered for the request's variables object, schema and operation. */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown> | null | undefined,
): Coerced {
  const known = raw ? coercions.get(raw) : undefined;
  if (known && known.schema === schema && known.operation === operation) return known.result;
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
  if (raw) coercions.set(raw, { schema, operation, result });
  return result;
}
