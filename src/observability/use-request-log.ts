/**
 * Every response carries its request id (`x-request-id`), every GraphQL error carries it in
 * `extensions.requestId`, and with a logger each request gets one access log line: time,
 * request id, key id, operation name, status, duration. Nothing else: no variables, no
 * query text, no key, no personal data.
 */
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { knownPrincipal } from "../hardening/request-principal.js";
import type { Logger } from "./logger.js";
import { requestIdOf } from "./request-id.js";
import { operationOf } from "../plugins/operation.js";

const started = new WeakMap<Request, number>();
const operations = new WeakMap<Request, string>();

function withRequestId(error: unknown, requestId: string): unknown {
  if (error instanceof GraphQLError) {
    // A copy: validation errors are cached and shared between requests.
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...error.extensions, requestId },
    });
  }
  if (error && typeof error === "object") {
    const e = error as { extensions?: Record<string, unknown> };
    return { ...e, extensions: { ...e.extensions, requestId } };
  }
  return error;
}

/**
 * The request id in every error's extensions. Its own plugin, placed last: plugins before it
 * may replace a result (the 413 body-limit refusal does), and the id must survive that.
 */
export function useRequestIdInErrors(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      const id = requestIdOf(request);
      const add = (r: typeof result): typeof result => {
        if (Array.isArray(r) || !r || typeof r !== "object" || !("errors" in r) || !r.errors) return r;
        return { ...r, errors: r.errors.map((e) => withRequestId(e, id)) } as typeof r;
      };
      if (!Array.isArray(result)) setResult(add(result));
    },
  };
}

export function useRequestLog(log?: Logger): Plugin {
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
      requestIdOf(request);
    },
    onParams({ params, request }) {
      if (typeof params.operationName === "string") operations.set(request, params.operationName);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const name = operationOf(args.document, args.operationName)?.name?.value;
      if (request && name) operations.set(request, name);
    },
    onResponse({ request, response }) {
      const requestId = requestIdOf(request);
      response.headers.set("x-request-id", requestId);
      // Answers can carry personal data: no browser or proxy may keep a copy.
      if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
      if (!log) return;
      const start = started.get(request);
      log.info(
        {
          requestId,
          method: request.method,
          path: new URL(request.url).pathname,
          keyId: knownPrincipal(request)?.keyId,
          operationName: operations.get(request),
          status: response.status,
          durationMs: start === undefined ? undefined : Math.round((performance.now() - start) * 10) / 10,
        },
        "request",
      );
    },
  };
}
