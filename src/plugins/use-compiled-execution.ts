/**
 * useCompiledExecution: queries run as graphql-jit compiled functions (@envelop/graphql-jit)
 * instead of graphql-js's interpreter, which saves several milliseconds of CPU per partner
 * request (docs/decisions/0085-compiled-execution.md).
 *
 * A compiled query is bound to the schema it was compiled against, and yoga hands every
 * request with the same text the same document object whatever its schema. A partner runs on
 * its own scoped schema (src/partner-schema), so the compiled queries are cached per schema
 * (one @envelop/graphql-jit instance each, whose cache is keyed by document): one partner's
 * compiled query never runs on another partner's schema.
 *
 * Only queries are compiled, and only those whose directives are @include and @skip; every
 * other operation (mutations, subscriptions, other directives) runs on graphql-js as before.
 * The plugins around execution are unchanged: scopes decide in onExecute before it, records
 * read the result after it, and field resolvers (Pothos scope-auth) run inside it.
 */
import { useGraphQlJit } from "@envelop/graphql-jit";
import type { Plugin } from "@envelop/core";
import { trace } from "@opentelemetry/api";
import { getCurrentOtelContext } from "@envelop/opentelemetry";
import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  visit,
} from "graphql";
import type { Traced } from "../observability/spans.js";

const COMPILED_DIRECTIVES = new Set(["include", "skip"]);

/** Whether graphql-jit runs this operation (otherwise graphql-js does). */
export function compilable(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== "query") return false;
  let plain = true;
  visit(document, {
    [Kind.DIRECTIVE](node) {
      if (!COMPILED_DIRECTIVES.has(node.name.value)) plain = false;
    },
  });
  return plain;
}

/**
 * Whether the request's variables are valid for the operation. Invalid ones run on graphql-js,
 * whose messages the gateway answers and tests (graphql-jit coerces with its own older copy,
 * worded differently).
 */
function variablesCoerce(args: ExecutionArgs): boolean {
  const definitions = getOperationAST(args.document, args.operationName)?.variableDefinitions ?? [];
  if (definitions.length === 0) return true;
  return !getVariableValues(args.schema, definitions, args.variableValues ?? {}).errors;
}

export function useCompiledExecution(): Plugin {
  // Per schema: its jit plugin (whose cache holds the compiled queries by document) and the
  // documents it has seen, to tell a compilation from a cache hit in traces.
  const bySchema = new WeakMap<GraphQLSchema, { plugin: Plugin; seen: WeakSet<DocumentNode> }>();
  const decided = new WeakMap<DocumentNode, boolean>();
  const enableIf = (args: ExecutionArgs) => {
    let yes = decided.get(args.document);
    if (yes === undefined) {
      yes = compilable(args.document, args.operationName);
      // Cached by document only when the answer does not depend on the operation chosen.
      if (args.document.definitions.length === 1) decided.set(args.document, yes);
    }
    return yes;
  };
  const jitOf = (schema: GraphQLSchema) => {
    let entry = bySchema.get(schema);
    if (!entry) {
      entry = {
        plugin: useGraphQlJit(
          {},
          {
            enableIf,
            // A query graphql-jit cannot compile answers its errors (no data): say so in the log.
            onError: (result) =>
              console.error(`graphql-jit could not compile a query (${result.errors?.length ?? 0} errors)`),
          },
        ),
        seen: new WeakSet(),
      };
      bySchema.set(schema, entry);
    }
    return entry;
  };

  return {
    onExecute(payload) {
      const { args } = payload;
      const compiled = enableIf(args) && variablesCoerce(args);
      // On the execution span (when traced): which executor answered, and whether the query
      // compiled now or came from the cache.
      const ctx = args.contextValue as Traced | undefined;
      const span = ctx?.trace ? trace.getSpan(getCurrentOtelContext(ctx)) : undefined;
      span?.setAttribute("teikyo.execution", "graphql-js");
      if (!compiled) return;
      const entry = jitOf(args.schema);
      span?.setAttribute("teikyo.jit.cache", entry.seen.has(args.document) ? "hit" : "miss");
      entry.seen.add(args.document);
      return entry.plugin.onExecute?.({
        ...payload,
        setExecuteFn: (execute) =>
          payload.setExecuteFn(async (executionArgs) => {
            const result = await execute(executionArgs);
            // graphql-jit's executor hands back its compiled serializer with the result.
            if ("stringify" in result) span?.setAttribute("teikyo.execution", "jit");
            return result;
          }),
      });
    },
  };
}
