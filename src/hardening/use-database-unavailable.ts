/**
 * A database outage is a 503 with Retry-After, never 200 with a null field or a 500
 * "Unexpected error.": before the provision records are written (so no record is kept for
 * data that will not be delivered), a result carrying any database-unavailable error is
 * replaced whole. Errors before execution (context building) are mapped by yoga's mask.
 */
import { isAsyncIterable, type Plugin } from "@envelop/core";
import type { Context } from "../context.js";
import { isDatabaseUnavailable, serviceUnavailableError } from "./database-unavailable.js";

export function useDatabaseUnavailable(): Plugin<Context> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.some((e) => isDatabaseUnavailable(e))) return;
          args.contextValue.grants?.clear();
          setResult({ errors: [serviceUnavailableError()] });
        },
      };
    },
  };
}
