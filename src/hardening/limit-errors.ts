/** Refusals by a limit: a stable code, which limit, its value, and the HTTP status. */
import { createGraphQLError } from "graphql-yoga";
import type { ASTNode } from "graphql";
import type { Window } from "./settings.js";

export type QueryLimitName = "depth" | "cost" | "aliases" | "directives" | "tokens" | "peoplePerOperation";

export function queryLimitError(limit: QueryLimitName, max: number, message: string) {
  return createGraphQLError(message, {
    extensions: { code: "QUERY_LIMIT_EXCEEDED", limit, max, http: { status: 400 } },
  });
}

export function pageSizeError(field: string, max: number, got: number, node: ASTNode) {
  return createGraphQLError(`first must be between 1 and ${max}; got ${got}.`, {
    nodes: [node],
    extensions: {
      code: "BAD_USER_INPUT",
      argument: "first",
      field,
      limit: "pageSize",
      max,
      http: { status: 400 },
    },
  });
}

export function bodyTooLargeError(maxBytes: number) {
  return createGraphQLError(`Request body too large: the limit is ${maxBytes} bytes.`, {
    extensions: {
      code: "REQUEST_ENTITY_TOO_LARGE",
      limit: "bodyBytes",
      max: maxBytes,
      http: { status: 413 },
    },
  });
}

export type RateLimitName = "perKey" | "perAddress" | "peoplePerKey" | "concurrentPerKey" | "failedAuthPerIp";

const LIMITED: Record<RateLimitName, (w: Window) => string> = {
  perKey: (w) => `${w.points} requests per ${w.durationSeconds} s for this API key`,
  perAddress: (w) => `${w.points} requests per ${w.durationSeconds} s from this address without a key`,
  peoplePerKey: (w) => `${w.points} people provided per ${w.durationSeconds} s to this API key`,
  concurrentPerKey: (w) =>
    `${w.points} requests in progress at once for this API key, and a queue of waiting ones that is full`,
  failedAuthPerIp: (w) =>
    `${w.points} failed authentications per ${w.durationSeconds} s from this address with this key id`,
};

/** A rate-limit refusal's message and extensions, as a GraphQL error or a prebuilt response carries them. */
export function rateLimited(limit: RateLimitName, window: Window, msBeforeNext: number) {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const what = LIMITED[limit](window);
  return {
    message: `Rate limit exceeded: at most ${what}. Retry after ${retryAfter} s.`,
    extensions: {
      code: "RATE_LIMITED",
      limit,
      max: window.points,
      windowSeconds: window.durationSeconds,
      retryAfterSeconds: retryAfter,
    },
    headers: { "Retry-After": String(retryAfter) },
  };
}

export function rateLimitedError(limit: RateLimitName, window: Window, msBeforeNext: number) {
  const { message, extensions, headers } = rateLimited(limit, window, msBeforeNext);
  return createGraphQLError(message, { extensions: { ...extensions, http: { status: 429, headers } } });
}
