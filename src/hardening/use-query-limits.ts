/**
 * graphql-armor's token, depth, cost, alias and directive limits, checked while the query
 * is parsed and validated: before the context is built and before any resolver runs. Each
 * rejection becomes one error naming the limit and its value (HTTP 400).
 */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { Plugin } from "@envelop/core";
import type { GraphQLError, ValidationContext, ValidationRule } from "graphql";
import { type QueryLimitName, queryLimitError } from "./limit-errors.js";
import type { QueryLimits } from "./settings.js";

/** armor calls onReject with its own error ("Syntax Error: ... limit of N exceeded ..."). */
function rejectAs(limit: QueryLimitName, max: number) {
  return {
    // Report ours instead of letting armor throw its own, which yoga would answer with 200.
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const shaped = queryLimitError(limit, max, error.message.replace(/^Syntax Error: /, ""));
        // The token limit fires inside the parser, which has no validation context.
        if (!context) throw shaped;
        context.reportError(shaped);
      },
    ],
  };
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  const rules = [
    maxDepthRule({ n: limits.maxDepth, ...rejectAs("depth", limits.maxDepth) }),
    costLimitRule({ maxCost: limits.maxCost, ...rejectAs("cost", limits.maxCost) }),
    maxAliasesRule({ n: limits.maxAliases, ...rejectAs("aliases", limits.maxAliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...rejectAs("directives", limits.maxDirectives) }),
  ] as unknown as ValidationRule[];
  return {
    ...maxTokensPlugin({ n: limits.maxTokens, ...rejectAs("tokens", limits.maxTokens) }),
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
