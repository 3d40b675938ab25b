/**
 * Refusals by a limit keep their HTTP status whatever the client accepts. Yoga marks parse
 * and validation errors as GraphQL-over-HTTP "spec" errors, which it answers with 200 to
 * application/json clients; the request body limit is yoga's own (maxRequestBodySize),
 * whose refusal is restated here with the limit's value.
 */
import { isAsyncIterable, type Plugin } from "graphql-yoga";
import { bodyTooLargeError } from "./limit-errors.js";

export function useLimitStatus(maxBodyBytes: number): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result) || Array.isArray(result) || !result.errors) return;
      if (result.errors.some((e) => e.extensions?.code === "REQUEST_ENTITY_TOO_LARGE")) {
        setResult({ errors: [bodyTooLargeError(maxBodyBytes)] });
        return;
      }
      for (const error of result.errors) {
        const { code, limit, http } = (error.extensions ?? {}) as {
          code?: string;
          limit?: string;
          http?: object;
        };
        if (http && (code === "QUERY_LIMIT_EXCEEDED" || limit === "pageSize"))
          Object.assign(http, { spec: false });
      }
    },
  };
}
