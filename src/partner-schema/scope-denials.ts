/**
 * Why a partner's operation cannot run, in the scope rule's own words: when an operation
 * fails against the partner's schema only because it names a field, an argument or a purpose
 * outside that partner's scope, the answer is the same PROVISION_DENIED (field, rule, article)
 * that the scope plugin gives at execution, not a bare "Cannot query field".
 */
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  validate,
  visit,
} from "graphql";
import { teikyoError } from "../errors.js";
import { inRequestSpan, traceOfRequest } from "../observability/spans.js";
import type { CatalogAt } from "../modules/catalog/catalog-snapshot.js";
import { noticesAt } from "../modules/recipients/recipient-context.js";
import type { Principal } from "../modules/keys/authenticate.js";
import { decideScope } from "../policy/provision-scope.js";
import { collectOperationItems } from "../modules/provision/requested-items.js";
import { denialError } from "../modules/provision/use-provision-scopes.js";
import { isPartnerRootField } from "./scoped-schema.js";
import { operationOf } from "../plugins/operation.js";

export interface DenialInput {
  full: GraphQLSchema;
  reachable: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
  principal: Principal;
  catalog: CatalogAt;
  now: Date;
}

/** The scope denials, or none when the operation is wrong for another reason. */
export function scopeDenials(input: DenialInput): GraphQLError[] {
  const { principal, catalog } = input;
  const recipient = principal.recipient;
  const recipientContext = principal.recipientContext;
  if (!recipient || !recipientContext) return [];
  if (validate(input.reachable, input.document).length > 0) return internalFields(input);
  // Validation is static: a field outside the key's schema counts even where @skip drops it.
  const document = visit(input.document, {
    Directive: (node) => (node.name.value === "skip" || node.name.value === "include" ? null : undefined),
  });
  const found = collectOperationItems(input.reachable, document, input.operationName, input.variables);
  if (!found) return [];
  const errors: GraphQLError[] = found.stray.map((stray) =>
    teikyoError(
      "PROVISION_DENIED",
      `Field "${stray.path}" is personal data outside a provision field: refused.`,
      {
        reason: "NOT_A_PROVISION_FIELD",
        rule: "APPI art. 27(1)",
      },
    ),
  );
  for (const request of found.provisions) {
    const decision = decideScope({
      recipient,
      purposeCode: request.purpose,
      purpose: catalog.purposes.get(request.purpose) ?? null,
      catalog: catalog.items,
      requested: request.requested,
      now: input.now,
      ...noticesAt(recipientContext, input.now),
    });
    if (!decision.allowed)
      errors.push(...decision.denials.map((d) => denialError(d, request.purpose, { principal })));
  }
  return errors;
}

/**
 * scopeDenials as a scope-decision span (when traced): a partner's out-of-scope operation is
 * decided here, in validation, rather than in useProvisionScopes. Codes only: the purposes
 * named are those the catalog knows, never the text a client wrote.
 */
export function tracedScopeDenials(request: Request | undefined, input: DenialInput): GraphQLError[] {
  const recipient = input.principal.recipient;
  const attributes = {
    "teikyo.role": input.principal.role,
    ...(recipient ? { "teikyo.recipient": recipient.id } : {}),
  };
  return inRequestSpan(traceOfRequest(request), "teikyo.scope_decision", attributes, (span) => {
    const denials = scopeDenials(input);
    const purposes = denials
      .map((d) => String(d.extensions.purpose ?? ""))
      .filter((p) => input.catalog.purposes.has(p));
    span?.setAttributes({
      "teikyo.scope.allowed": denials.length === 0,
      "teikyo.purposes": [...new Set(purposes)],
      "teikyo.scope.refusals": [
        ...new Set(denials.map((d) => String(d.extensions.reason ?? d.extensions.code))),
      ],
    });
    return denials;
  });
}

/** Root fields of other roles, named as the role check names them (no schema detail). */
export function internalFields({ full, document, operationName, principal }: DenialInput): GraphQLError[] {
  if (validate(full, document).length > 0) return [];
  const operation = operationOf(document, operationName);
  const root = operation && full.getRootType(operation.operation);
  if (!operation || !root) return [];
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const names = new Set<string>();
  const gather = (set: SelectionSetNode, seen: Set<string>) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) gather(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) gather(fragment.selectionSet, new Set([...seen, s.name.value]));
      }
    }
  };
  gather(operation.selectionSet, new Set());
  const role = principal.role.toLowerCase();
  return [...names]
    .filter((name) => {
      const field = root.getFields()[name];
      return field !== undefined && !isPartnerRootField(field);
    })
    .map((name) =>
      teikyoError("FORBIDDEN", `The ${role} role may not use "${root.name}.${name}".`, {
        role: principal.role,
      }),
    );
}
