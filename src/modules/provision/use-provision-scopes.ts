/**
 * useProvisionScopes: before execution, decides for the whole operation which personal
 * items the caller may receive, and rejects the operation whole if any field is out of
 * scope. Runs once per operation (not per field or row); the decision itself is the pure
 * decideScope. Grants are left in the context for the resolvers, which fail closed
 * without one.
 */
import type { Plugin } from "@envelop/core";
import type { GraphQLError } from "graphql";
import type { Context } from "../../context.js";
import { teikyoError } from "../../errors.js";
import { decideScope } from "../../policy/provision-scope.js";
import type { Denial } from "../../policy/types.js";
import { catalogSnapshot } from "../catalog/catalog-snapshot.js";
import { inclusionContext } from "../recipients/inclusion-context.js";
import { noticesAt } from "../recipients/recipient-context.js";
import { versionsInForce } from "../records/versions-in-force.js";
import { inSpan } from "../../observability/spans.js";
import { collectOperationItems, type OperationItems } from "./requested-items.js";

export function denialError(denial: Denial, purpose: string, ctx: Pick<Context, "principal">): GraphQLError {
  const recipient = ctx.principal.recipient;
  return teikyoError("PROVISION_DENIED", denial.message, {
    reason: denial.code,
    rule: denial.rule,
    purpose,
    ...(denial.path ? { field: denial.path } : {}),
    ...(denial.item ? { dataItem: denial.item } : {}),
    ...(recipient ? { recipient: recipient.name, basis: recipient.legalBasis } : {}),
  });
}

export function useProvisionScopes(): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      const found = collectOperationItems(
        args.schema,
        args.document,
        args.operationName,
        args.variableValues,
      );
      if (!found) return; // invalid variables or operation: execution reports it, no resolver runs
      if (found.provisions.length === 0 && found.stray.length === 0) return;
      const attributes = {
        "teikyo.role": ctx.principal.role,
        ...(ctx.principal.recipient ? { "teikyo.recipient": ctx.principal.recipient.id } : {}),
        "teikyo.provision_fields": found.provisions.length,
      };
      const errors = await inSpan(ctx, "teikyo.scope_decision", attributes, async (span) => {
        const { errors, purposes } = await decide(ctx, found);
        span?.setAttributes({
          "teikyo.scope.allowed": errors.length === 0,
          "teikyo.purposes": purposes,
          "teikyo.scope.refusals": [
            ...new Set(errors.map((e) => String(e.extensions.reason ?? e.extensions.code))),
          ],
        });
        return errors;
      });
      if (errors.length > 0) {
        ctx.grants.clear();
        setResultAndStopExecution({ errors });
      }
    },
  };
}

/**
 * The scope decision for every provision field of the operation; grants go in the context.
 * Also the purposes asked for that the catalog knows (for traces: an unknown "purpose" is
 * text a client wrote, and may be anything).
 */
async function decide(
  ctx: Context,
  found: OperationItems,
): Promise<{ errors: GraphQLError[]; purposes: string[] }> {
  const errors: GraphQLError[] = [];
  const purposes = new Set<string>();

  for (const stray of found.stray) {
    errors.push(
      teikyoError(
        "PROVISION_DENIED",
        `Field "${stray.path}" is personal data outside a provision field: refused.`,
        {
          reason: "NOT_A_PROVISION_FIELD",
          rule: "APPI art. 27(1)",
        },
      ),
    );
  }
  const recipient = ctx.principal.recipient;
  const recipientContext = ctx.principal.recipientContext;
  if (found.provisions.length > 0 && (ctx.principal.role !== "PARTNER" || !recipient)) {
    errors.push(
      teikyoError(
        "FORBIDDEN",
        `The ${ctx.principal.role.toLowerCase()} role cannot read people through the partner fields (${found.provisions.map((p) => p.fieldName).join(", ")}); only recipients' partner keys can.`,
        { role: ctx.principal.role },
      ),
    );
  }
  if (errors.length === 0 && recipient && recipientContext) {
    const snapshot = await catalogSnapshot(ctx.db, ctx.now);
    const { items: catalog, purposes: purposeFacts } = snapshot;
    const notices = noticesAt(recipientContext, ctx.now);
    for (const request of found.provisions) {
      const purpose = purposeFacts.get(request.purpose) ?? null;
      if (purpose) purposes.add(request.purpose);
      const decision = decideScope({
        recipient,
        purposeCode: request.purpose,
        purpose,
        catalog,
        requested: request.requested,
        now: ctx.now,
        ...notices,
      });
      if (decision.allowed) {
        ctx.grants.set(request.responseKey, {
          inclusion: inclusionContext(
            recipient,
            recipientContext,
            { ...decision, purposeCode: request.purpose },
            snapshot,
            ctx.now,
          ),
          versions: versionsInForce(recipient, recipientContext, purpose, notices, ctx.now),
        });
      } else {
        errors.push(...decision.denials.map((d) => denialError(d, request.purpose, ctx)));
      }
    }
  }
  return { errors, purposes: [...purposes] };
}
