/**
 * Admission, before a query is parsed: an address that failed to authenticate too often is
 * refused before its key is even looked up (429); then the key is authenticated (401) and
 * its requests counted (429). A request without any key is counted per address (429) and
 * let in only to the public schema: an operation naming anything else is refused (401) and
 * counts as a failed authentication, as every keyless request did before the public schema
 * (docs/decisions/0053-public-schema-for-keyless-requests.md). It guards every route that
 * takes a key: GraphQL, the caller's SDL and the records export (which has no public part).
 */
import type { GraphQLError, GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../db/client.js";
import type { Principal } from "../modules/keys/authenticate.js";
import { type OperationParams, publicOperationRefusal } from "../public-schema/public-operation.js";
import { clientIp } from "./client-ip.js";
import { isDatabaseUnavailable, serviceUnavailableError } from "./database-unavailable.js";
import { rateLimitedError } from "./limit-errors.js";
import type { Counters } from "./rate-counters.js";
import { admitAnonymous, authenticateRequest, isKeyless } from "./request-principal.js";

export interface AdmissionOptions {
  db: Db;
  clock: () => Date;
  counters: Counters;
  trustedProxies: number;
  /** What a request without a key may use (src/public-schema). */
  publicSchema: GraphQLSchema;
  /** The token limit a keyless text is parsed under (the parser's own, QueryLimits.maxTokens). */
  maxTokens: number;
}

const EXPORT_PATH = /^\/records\/export\./;
// The records export (use-records-export.ts) and the caller's SDL (use-scoped-schema.ts)
// authenticate outside GraphQL; the SDL has a public answer (the public schema's).
const OUTSIDE_GRAPHQL = /^\/(records\/export\.|schema\.graphql$)/;

const isUnauthenticated = (error: unknown) =>
  (error as GraphQLError | undefined)?.extensions?.code === "UNAUTHENTICATED";

/** The id part of a presented `tk_<id>_<secret>` key, "-" for no key or another shape. */
function presentedKeyId(request: Request): string {
  const match = /^\s*Bearer\s+tk_([a-z0-9]{4,40})_/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1]?.toLowerCase() ?? "-";
}

/** What is admitted: a keyed request, or a keyless one to the public schema (with its operation, if GraphQL). */
type Asking = { publicPart: false } | { publicPart: true; params?: OperationParams };

/** null when the request may proceed, else the error to answer with. */
async function admit(
  request: Request,
  serverContext: unknown,
  asking: Asking,
  options: AdmissionOptions,
): Promise<GraphQLError | null> {
  const { db, clock, counters, trustedProxies } = options;
  const ip = clientIp(request, serverContext, trustedProxies);
  // Failures count per address AND presented key id: a client retrying a bad or revoked key,
  // or many clients behind one proxy, never lock out a valid key from the same address.
  const bucket = `${ip}|${presentedKeyId(request)}`;
  const blockedFor = await counters.failedAuth.exhausted(bucket);
  if (blockedFor !== null) return rateLimitedError("failedAuthPerIp", counters.failedAuth.window, blockedFor);
  if (asking.publicPart && isKeyless(request)) {
    // Counted before its text is read: a stranger's parsing is bounded per address too.
    const waitFor = await counters.perAddress.hit(ip);
    if (waitFor !== null) return rateLimitedError("perAddress", counters.perAddress.window, waitFor);
    const refusal = asking.params
      ? publicOperationRefusal(asking.params, options.publicSchema, options.maxTokens)
      : null;
    if (refusal) {
      await counters.failedAuth.hit(bucket);
      return refusal;
    }
    admitAnonymous(request);
    return null;
  }
  let principal: Principal;
  try {
    principal = await authenticateRequest(db, request, clock());
  } catch (error) {
    if (!isUnauthenticated(error)) throw error;
    await counters.failedAuth.hit(bucket);
    return error as GraphQLError;
  }
  const waitFor = await counters.perKey.hit(principal.keyId);
  return waitFor === null ? null : rateLimitedError("perKey", counters.perKey.window, waitFor);
}

/** The error as a plain JSON response, for routes outside GraphQL. */
function errorResponse(error: GraphQLError): Response {
  const { http, ...extensions } = error.extensions as {
    http?: { status?: number; headers?: Record<string, string> };
  };
  return new Response(JSON.stringify({ errors: [{ message: error.message, extensions }] }), {
    status: http?.status ?? 400,
    headers: { "content-type": "application/json", ...http?.headers },
  });
}

export function useAdmission(options: AdmissionOptions): Plugin {
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (!OUTSIDE_GRAPHQL.test(url.pathname)) return;
      try {
        const asking: Asking = { publicPart: !EXPORT_PATH.test(url.pathname) };
        const error = await admit(request, serverContext, asking, options);
        if (error) endResponse(errorResponse(error));
      } catch {
        // The database (or Redis) failed: a plain 503, never the driver's message.
        endResponse(errorResponse(serviceUnavailableError()));
      }
    },
    async onParams({ request, params, context, setResult }) {
      let error: GraphQLError | null;
      try {
        error = await admit(request, context, { publicPart: true, params }, options);
      } catch (failure) {
        if (!isDatabaseUnavailable(failure)) throw failure;
        error = serviceUnavailableError();
      }
      if (!error) return;
      // Without a query text (a registered operation's hash), yoga's own parameter check,
      // a later hook, would throw "Must provide query string" over this answer: throw first.
      if (typeof params.query !== "string") throw error;
      setResult({ errors: [error] });
    },
    onDispose: () => options.counters.close(),
  };
}
