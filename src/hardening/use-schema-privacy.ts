/**
 * Internal roles (compliance, admin, analytics) explore the full schema; a partner explores
 * only the schema cut to its scope (src/partner-schema), and a request without a key only the
 * public schema (src/public-schema). For all but internal roles, "Did you mean ...?"
 * suggestions are still cut from error messages (validation errors and variable errors alike).
 * Validation runs before yoga builds the context, so the role there is that of the
 * principal admission admitted the request with; no principal means no introspection.
 */
import { isAsyncIterable, type Plugin } from "@envelop/core";
import { useDisableIntrospection } from "@envelop/disable-introspection";
import { GraphQLError } from "graphql";
import type { Context } from "../context.js";
import type { Principal } from "../modules/keys/authenticate.js";
import { knownPrincipal } from "./request-principal.js";

const INTERNAL: readonly Principal["role"][] = ["COMPLIANCE", "ADMIN", "ANALYTICS"];

const seesSchema = (context: unknown) => {
  const principal = knownPrincipal((context as { request?: Request }).request);
  return principal !== undefined && INTERNAL.includes(principal.role);
};

const SUGGESTION = / ?Did you mean [^?]*\?/g;

function withoutSuggestions<E extends Error>(errors: readonly E[]): E[] {
  return errors.map((error) => {
    const message = error.message.replace(SUGGESTION, "");
    if (message === error.message || !(error instanceof GraphQLError)) return error;
    // A copy: validation results are cached, and internal roles keep their suggestions.
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    }) as Error as E;
  });
}

function useHideSuggestions(): Plugin<Context> {
  return {
    onValidate({ context }) {
      if (seesSchema(context)) return;
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(withoutSuggestions(result));
      };
    },
    onExecute({ args }) {
      if (INTERNAL.includes(args.contextValue.principal.role)) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result) && result.errors)
            setResult({ ...result, errors: withoutSuggestions(result.errors) });
        },
      };
    },
  };
}

/** Any admitted request: partners introspect their scoped schema, keyless ones the public one (use-scoped-schema.ts). */
const seesOwnSchema = (context: unknown) =>
  knownPrincipal((context as { request?: Request }).request) !== undefined;

export function useSchemaPrivacy(): [Plugin, Plugin<Context>] {
  return [
    useDisableIntrospection({ disableIf: ({ context }) => !seesOwnSchema(context) }),
    useHideSuggestions(),
  ];
}
