/**
 * Admission, before a query is parsed: an address that failed to authenticate too often is
 * refused before its key is even looked up (429); then the key is authenticated (401) and
 * its requests counted (429). A request without any key is counted per address (429) and
 * let in only to the public schema: an operation naming anything else is refused (401) and
 * counts as a failed authentication, as every keyless request did before the public schema
 * (docs/decisions/0053-public-schema-for-keyless-requests.md). A key that has received its
 * people for the minute is refused (429); a GraphQL request past the key's requests in
 * progress at once waits its turn behind the same key's (key-slots.ts), and is refused (429)
 * when too many already wait. It guards every route that takes a key: GraphQL, the caller's
 * SDL and the records export (which has no public part).
 * A key refused for a window is refused again before its next requests are read, from a
 * prebuilt answer, until the window ends (refused-keys.ts); that answer is held back
 * REFUSAL_HOLD_MS, so a client ignoring Retry-After on many connections sends a few requests
 * a second per connection instead of thousands (docs/decisions/0026-refusing-a-flood-early.md).
 */
import type { GraphQLError, GraphQLSchema } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../db/client.js";
import type { Principal } from "../modules/keys/authenticate.js";
import { type OperationParams, publicOperationRefusal } from "../public-schema/public-operation.js";
import { clientIp } from "./client-ip.js";
import { isDatabaseUnavailable, serviceUnavailableError } from "./database-unavailable.js";
import { rateLimited, rateLimitedError } from "./limit-errors.js";
import type { Counters } from "./rate-counters.js";
import { markRefusedEarly, type RefusedKeys, refusedKeys } from "./refused-keys.js";
import { admitAnonymous, authenticateRequest, isKeyless, rememberPrincipal } from "./request-principal.js";
import { type KeySlots, keySlots } from "./key-slots.js";
import { requestIdOf } from "../observability/request-id.js";

export interface AdmissionOptions {
  db: Db;
  clock: () => Date;
  counters: Counters;
  trustedProxies: number;
  /** What a request without a key may use (src/public-schema). */
  publicSchema: GraphQLSchema;
  /** The token limit a keyless text is parsed under (the parser's own, QueryLimits.maxTokens). */
  maxTokens: number;
  /** GraphQL requests of one key in progress at once (in this process); more wait their turn. */
  concurrentPerKey: number;
}

/** Requests in progress per key id, the key id of each admitted GraphQL request, and keys refused for a window. */
interface InFlight {
  slots: KeySlots;
  byRequest: WeakMap<Request, string>;
  refused: RefusedKeys;
}

/** Requests of one key that may wait for a slot; past them, 429. */
const QUEUE_PER_KEY = 200;

const GRAPHQL_PATH = "/graphql";
/** How long the early refusal of a key that ignored its Retry-After waits before it is sent. */
const REFUSAL_HOLD_MS = 500;
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
  inFlight: InFlight,
  counted: boolean,
): Promise<GraphQLError | null> {
  const { db, clock, counters, trustedProxies, concurrentPerKey } = options;
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
  const authorization = request.headers.get("authorization");
  if (authorization) inFlight.refused.authenticated(authorization, principal);
  const waitFor = await counters.perKey.hit(principal.keyId);
  if (waitFor !== null) {
    inFlight.refused.refused(principal.keyId, { limit: "perKey", window: counters.perKey.window }, waitFor);
    return rateLimitedError("perKey", counters.perKey.window, waitFor);
  }
  if (counted) {
    if (!(await inFlight.slots.acquire(principal.keyId)))
      return rateLimitedError("concurrentPerKey", { points: concurrentPerKey, durationSeconds: 1 }, 1000);
    // From here on the response releases the slot, whatever happens.
    inFlight.byRequest.set(request, principal.keyId);
  }
  // People are counted once provided (useProvisionRecords): a key past its window is refused
  // here, before it costs a query, and after its wait for a slot, during which the requests
  // ahead of it may have used the window up. One operation in progress per slot can overshoot.
  for (const people of [counters.peoplePerKey, counters.peopleBurst]) {
    const peopleWait = await people.exhausted(principal.keyId);
    if (peopleWait === null) continue;
    if (counted) release(inFlight, request);
    inFlight.refused.refused(principal.keyId, { limit: "peoplePerKey", window: people.window }, peopleWait);
    return rateLimitedError("peoplePerKey", people.window, peopleWait);
  }
  return null;
}

/**
 * The answer to a key refused a moment ago, without reading the request: the same status,
 * headers and error as the refusal admission would make, with the request id.
 */
async function earlyRefusal(request: Request, inFlight: InFlight): Promise<Response | null> {
  const known = inFlight.refused.lookup(request.headers.get("authorization"));
  if (!known) return null;
  const { principal, refusal } = known;
  rememberPrincipal(request, principal); // for the access log line
  const { limit, window, until } = refusal;
  markRefusedEarly(request, limit);
  const hold = Math.min(REFUSAL_HOLD_MS, until - performance.now());
  if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
  const { message, extensions, headers } = rateLimited(limit, window, until - performance.now());
  const body = { errors: [{ message, extensions: { ...extensions, requestId: requestIdOf(request) } }] };
  const graphqlResponse = request.headers.get("accept")?.includes("application/graphql-response+json");
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      "content-type": graphqlResponse
        ? "application/graphql-response+json; charset=utf-8"
        : "application/json; charset=utf-8",
      ...headers,
    },
  });
}

/** The request has its response: its key's slot goes to its next waiting request. */
function release(inFlight: InFlight, request: Request): void {
  const keyId = inFlight.byRequest.get(request);
  if (keyId === undefined) return;
  inFlight.byRequest.delete(request);
  inFlight.slots.release(keyId);
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
  const inFlight: InFlight = {
    slots: keySlots(options.concurrentPerKey, QUEUE_PER_KEY),
    byRequest: new WeakMap(),
    refused: refusedKeys(),
  };
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      const outside = OUTSIDE_GRAPHQL.test(url.pathname);
      if (!outside && url.pathname !== GRAPHQL_PATH) return;
      const early = await earlyRefusal(request, inFlight);
      if (early) return endResponse(early);
      if (!outside) return;
      try {
        const asking: Asking = { publicPart: !EXPORT_PATH.test(url.pathname) };
        // Not counted in progress: these routes answer outside yoga's response hooks.
        const error = await admit(request, serverContext, asking, options, inFlight, false);
        if (error) endResponse(errorResponse(error));
      } catch {
        // The database (or Redis) failed: a plain 503, never the driver's message.
        endResponse(errorResponse(serviceUnavailableError()));
      }
    },
    async onParams({ request, params, context, setResult }) {
      let error: GraphQLError | null;
      try {
        error = await admit(request, context, { publicPart: true, params }, options, inFlight, true);
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
    onResponse({ request }) {
      release(inFlight, request);
    },
    onDispose: () => options.counters.close(),
  };
}
