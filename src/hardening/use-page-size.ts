/**
 * Every `first` argument is a page size from 1 to maxPageSize; a value outside is refused
 * with an error naming the field and the bound, never clamped. Literals are checked in
 * validation (so the error comes before the cost estimate, which a huge literal inflates);
 * variables, which validation does not see, just before execution. Also before execution,
 * with the coerced variables: the people all `people` fields of the operation may return
 * together (their `first`, or the default page size) are at most maxPeoplePerOperation, so
 * sixteen aliased root fields with `first: $n` cannot ask for 8,000 people.
 */
import type { Plugin } from "@envelop/core";
import {
  type ArgumentNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLError,
  type GraphQLSchema,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  type ValidationRule,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { pageSizeError, queryLimitError } from "./limit-errors.js";
import { coercedVariables, operationOf } from "../plugins/operation.js";

function isPageSize(node: ArgumentNode, arg: GraphQLArgument | null | undefined): boolean {
  return node.name.value === "first" && arg != null && getNamedType(arg.type).name === "Int";
}

/** "Query.people": the field whose argument is being visited (ValidationContext or TypeInfo). */
const fieldOf = (at: Pick<TypeInfo, "getParentType" | "getFieldDef">) =>
  `${at.getParentType()?.name ?? "?"}.${at.getFieldDef()?.name ?? "?"}`;

function literalRule(max: number): ValidationRule {
  return (context) => ({
    Argument(node) {
      if (!isPageSize(node, context.getArgument()) || node.value.kind !== Kind.INT) return;
      const value = Number(node.value.value);
      if (value < 1 || value > max) context.reportError(pageSizeError(fieldOf(context), max, value, node));
    },
  });
}

/** The `people` page size when `first` is not given (people.query.ts). */
const DEFAULT_PEOPLE_PAGE = 50;

/**
 * What the page-size checks need of an operation, found once per schema, document and
 * operation (one walk of the document with its types): the `people` fields' `first`
 * (a literal, a variable, or none: the default page), and the page-size arguments given
 * by a variable, in document order.
 */
interface PagePlan {
  people: { literal?: number; variable?: string }[];
  variableSizes: { variable: string; field: string; node: ArgumentNode }[];
}

const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<OperationDefinitionNode, PagePlan>>>();

function pagePlan(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): PagePlan {
  let byDocument = plans.get(schema);
  if (!byDocument) plans.set(schema, (byDocument = new WeakMap()));
  let byOperation = byDocument.get(document);
  if (!byOperation) byDocument.set(document, (byOperation = new Map()));
  const known = byOperation.get(operation);
  if (known) return known;
  const plan: PagePlan = { people: [], variableSizes: [] };
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (fieldOf(typeInfo) !== "Query.people") return;
      const first = node.arguments?.find((a) => a.name.value === "first")?.value;
      plan.people.push(
        first?.kind === Kind.INT
          ? { literal: Number(first.value) }
          : first?.kind === Kind.VARIABLE
            ? { variable: first.name.value }
            : {},
      );
    },
    Argument(node) {
      if (!isPageSize(node, typeInfo.getArgument()) || node.value.kind !== Kind.VARIABLE) return;
      plan.variableSizes.push({ variable: node.value.name.value, field: fieldOf(typeInfo), node });
    },
  });
  for (const definition of document.definitions) {
    if (definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition, visitor);
  }
  byOperation.set(operation, plan);
  return plan;
}

function variableErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  max: number,
  maxPeople: number,
): GraphQLError[] {
  const operation = operationOf(document, operationName);
  if (!operation) return [];
  const coerced = coercedVariables(schema, operation, rawVariables);
  if (coerced.errors) return []; // execution reports them and runs no resolver
  const plan = pagePlan(schema, document, operation);
  const errors: GraphQLError[] = [];
  for (const { variable, field, node } of plan.variableSizes) {
    const value = coerced.coerced[variable];
    if (typeof value === "number" && (value < 1 || value > max))
      errors.push(pageSizeError(field, max, value, node));
  }
  let people = 0;
  for (const { literal, variable } of plan.people) {
    const value = literal ?? (variable !== undefined ? coerced.coerced[variable] : undefined);
    people += typeof value === "number" ? value : DEFAULT_PEOPLE_PAGE;
  }
  if (errors.length === 0 && people > maxPeople)
    errors.push(
      queryLimitError(
        "peoplePerOperation",
        maxPeople,
        `This operation asks for up to ${people} people; at most ${maxPeople} per operation, all people fields together. Page with after: endCursor instead.`,
      ),
    );
  return errors;
}

export function usePageSize(max: number, maxPeople = Number.MAX_SAFE_INTEGER): Plugin {
  const rule = literalRule(max);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
      return ({ result, setResult }) => {
        // A page size out of range also inflates the cost estimate: report only the cause.
        if (result.some((e) => e.extensions.limit === "pageSize"))
          setResult(result.filter((e) => e.extensions.limit !== "cost"));
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const errors = variableErrors(
        args.schema,
        args.document,
        args.operationName,
        args.variableValues,
        max,
        maxPeople,
      );
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
