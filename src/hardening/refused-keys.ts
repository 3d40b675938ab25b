/**
 * Keys this process has just refused for a window (requests or people per key), so that
 * their next requests are refused before their body is read or parsed. A flooding key then
 * costs a header lookup per request instead of a parse, an authentication and an error
 * object, and the other keys' requests no longer queue behind its refusals on the event
 * loop (bench/flood.bench.ts).
 *
 * Only an Authorization header that authenticated in this process is recognised, compared
 * whole, so a caller who knows a key id but not its secret learns nothing from it. An entry
 * lasts until the refused window ends (at most a minute by default); a key revoked meanwhile
 * is answered 429 instead of 401 until then.
 */
import type { Principal } from "../modules/keys/authenticate.js";
import type { RateLimitName } from "./limit-errors.js";
import type { Window } from "./settings.js";

export interface Refusal {
  limit: RateLimitName;
  window: Window;
  /** performance.now() at which the window ends and the key may ask again. */
  until: number;
}

export interface RefusedKeys {
  /** The header authenticated as this principal (partner and staff keys alike). */
  authenticated(authorization: string, principal: Principal): void;
  /** The key was refused by a window limit, which ends in `msBeforeNext`. */
  refused(keyId: string, refusal: Omit<Refusal, "until">, msBeforeNext: number): void;
  /** The principal and its refusal, when this header's key is refused right now. */
  lookup(authorization: string | null): { principal: Principal; refusal: Refusal } | null;
}

const answeredEarly = new WeakMap<Request, RateLimitName>();

/** This request was answered with an early refusal by `limit` (for the refusal metrics). */
export function markRefusedEarly(request: Request, limit: RateLimitName): void {
  answeredEarly.set(request, limit);
}

/** The limit that refused this request before it was read, if it was. */
export function refusedEarlyBy(request: Request): RateLimitName | undefined {
  return answeredEarly.get(request);
}

/** Authenticated headers remembered; past this, the oldest is forgotten (it only costs speed). */
const MAX_HEADERS = 10_000;

export function refusedKeys(now: () => number = () => performance.now()): RefusedKeys {
  const principals = new Map<string, Principal>();
  const refusals = new Map<string, Refusal>();
  return {
    authenticated(authorization, principal) {
      if (principals.has(authorization)) return;
      if (principals.size >= MAX_HEADERS) principals.delete(principals.keys().next().value as string);
      principals.set(authorization, principal);
    },
    refused(keyId, refusal, msBeforeNext) {
      refusals.set(keyId, { ...refusal, until: now() + msBeforeNext });
    },
    lookup(authorization) {
      if (!authorization || refusals.size === 0) return null;
      const principal = principals.get(authorization);
      if (!principal) return null;
      const refusal = refusals.get(principal.keyId);
      if (!refusal) return null;
      if (refusal.until <= now()) {
        refusals.delete(principal.keyId);
        return null;
      }
      return { principal, refusal };
    },
  };
}
