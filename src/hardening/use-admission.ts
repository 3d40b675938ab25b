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
import { type KeySlots, keySlots } from "./key-slots.js";

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

/** Requests in progress per key id, and the key id of each admitted GraphQL request. */
interface InFlight {
  slots: KeySlots;
  byRequest: WeakMap<Request, string>;
}

/** Requests of one key that may wait for a slot; past them, 429. */
const QUEUE_PER_KEY = 200;

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
  inFlight: InFlight | null,
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
  const waitFor = await counters.perKey.hit(principal.keyId);
  if (waitFor !== null) return rateLimitedError("perKey", counters.perKey.window, waitFor);
  if (inFlight) {
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
    if (inFlight) release(inFlight, request);
    return rateLimitedError("peoplePerKey", people.window, peopleWait);
  }
  return null;
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
  };
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (!OUTSIDE_GRAPHQL.test(url.pathname)) return;
      try {
        const asking: Asking = { publicPart: !EXPORT_PATH.test(url.pathname) };
        // Not counted in progress: these routes answer outside yoga's response hooks.
        const error = await admit(request, serverContext, asking, options, null);
        if (error) endResponse(errorResponse(error));
      } catch {
        // The database (or Redis) failed: a plain 503, never the driver's message.
        endResponse(errorResponse(serviceUnavailableError()));
      }
    },
    async onParams({ request, params, context, setResult }) {
      let error: GraphQLError | null;
      try {
        error = await admit(request, context, { publicPart: true, params }, options, inFlight);
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
