/**
 * Checks an operation an admin registers for a recipient, before it is stored: one query
 * operation, valid against the recipient's own schema, and able to pass its scope for at
 * least one purpose (registrationDenials). A purpose given as a variable is tried with each
 * of the recipient's purposes; @skip/@include count as included (validation is static).
 * Refusals name the field, the item, the purpose and the rule.
 */
import { createHash } from "node:crypto";
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
  validate,
  visit,
} from "graphql";
import { teikyoError } from "../../errors.js";
import { partnerSchemas, partnerScope } from "../../partner-schema/partner-schemas.js";
import { withPurposeEnumText } from "../../partner-schema/purpose-literals.js";
import { PURPOSE_ENUM } from "../../partner-schema/scoped-schema.js";
import { collectOperationItems } from "../provision/requested-items.js";
import { registrationDenials } from "../../policy/allow-list.js";
import type { Denial, RecipientFacts } from "../../policy/types.js";
import { badInput } from "../catalog/input-problems.js";
import type { CatalogAt } from "../catalog/catalog-snapshot.js";

export interface CheckedOperation {
  hash: string;
  operationName: string | null;
}

export const persistedHash = (document: string) => createHash("sha256").update(document).digest("hex");

/** A value of the type that validation accepts (the check never runs the operation). */
function witness(type: GraphQLInputType, purpose: string): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (named.name === PURPOSE_ENUM) return purpose;
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .map((f) => [f.name, witness(f.type, purpose)])
        .filter(([, v]) => v !== undefined),
    );
  return { Int: 1, Float: 1, Boolean: true }[named.name] ?? "x";
}

function refusal(recipient: RecipientFacts, purpose: string, denials: Denial[]): GraphQLError {
  const first = denials[0] as Denial;
  return teikyoError(
    "BAD_USER_INPUT",
    `This operation could never pass the scope of recipient "${recipient.id}" for purpose "${purpose}": ${denials
      .map((d) => `${d.message} (${d.rule})`)
      .join(" ")}`,
    {
      reason: first.code,
      rule: first.rule,
      purpose,
      ...(first.path ? { field: first.path } : {}),
      ...(first.item ? { dataItem: first.item } : {}),
      problems: denials.map((d) => ({ rule: d.rule, message: d.message })),
    },
  );
}

export function checkRegistration(
  full: GraphQLSchema,
  recipient: RecipientFacts,
  catalog: CatalogAt,
  text: string,
): CheckedOperation {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    badInput(`The operation does not parse: ${(error as Error).message}`);
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operations[0];
  if (operations.length !== 1 || !operation) badInput("Register exactly one operation per document.");
  if (operation.operation !== "query") badInput("Recipients run queries only; register a query.");

  const provisionFields = new Set(
    Object.values(full.getQueryType()?.getFields() ?? {})
      .filter((f) => f.extensions.provision === true)
      .map((f) => f.name),
  );
  const scope = partnerScope(recipient, catalog.purposes);
  const schemas = partnerSchemas(full, recipient.id, scope);
  const typed = parse(withPurposeEnumText(text, provisionFields));
  const stripped = visit(typed, {
    Directive: (node) => (node.name.value === "skip" || node.name.value === "include" ? null : undefined),
  });
  const operationName = operation.name?.value ?? null;

  const candidates = [...scope.purposes.keys()];
  const tried: { purpose: string; denials: Denial[] }[] = [];
  for (const candidate of candidates.length > 0 ? candidates : [...recipient.purposes, "-"]) {
    const variables = Object.fromEntries(
      (operation.variableDefinitions ?? []).map((v) => {
        const type = typeFromAST(schemas.reachable, v.type as never) as GraphQLInputType | undefined;
        return [v.variable.name.value, type && !v.defaultValue ? witness(type, candidate) : undefined];
      }),
    );
    if (validate(schemas.reachable, stripped).length > 0) break;
    const found = collectOperationItems(schemas.reachable, stripped, operationName, variables);
    if (!found) break;
    const denials: Denial[] = found.stray.map((s) => ({
      code: "UNKNOWN_DATA_ITEM",
      rule: "APPI art. 27(1)",
      path: s.path,
      message: `Field "${s.path}" is personal data outside a provision field.`,
    }));
    let purpose = candidate;
    for (const request of found.provisions) {
      purpose = request.purpose;
      denials.push(
        ...registrationDenials({
          recipient,
          purposeCode: request.purpose,
          purpose: catalog.purposes.get(request.purpose) ?? null,
          catalog: catalog.items,
          requested: request.requested,
        }),
      );
    }
    if (found.provisions.length === 0 && found.stray.length === 0 && denials.length === 0) break;
    if (denials.length === 0) {
      const errors = validate(schemas.visible, typed);
      if (errors.length > 0) badInput(errors.map((e) => e.message).join(" "));
      return { hash: persistedHash(text), operationName };
    }
    tried.push({ purpose, denials });
    // A literal purpose is the same in every try.
    if (found.provisions.every((p) => p.purpose !== candidate)) break;
  }
  const first = tried[0];
  if (first) throw refusal(recipient, first.purpose, first.denials);
  // Not a scope matter (no personal field, or invalid on any schema): validation says why.
  const errors = validate(schemas.visible, typed);
  if (errors.length > 0) badInput(errors.map((e) => e.message).join(" "));
  return { hash: persistedHash(text), operationName };
}
