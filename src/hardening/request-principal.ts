/**
 * Authenticates a request once, whoever asks first: admission (before parsing, for rate
 * limits), validation (introspection is for internal roles) and the context factory all
 * need the principal, and a key lookup is a database read.
 */
import type { Db } from "../db/client.js";
import { authenticate, type Principal } from "../modules/keys/authenticate.js";

const pending = new WeakMap<Request, Promise<Principal>>();
const known = new WeakMap<Request, Principal>();

export function authenticateRequest(db: Db, request: Request, now: Date): Promise<Principal> {
  let principal = pending.get(request);
  if (!principal) {
    principal = authenticate(db, request.headers.get("authorization"), now).then((p) => {
      known.set(request, p);
      return p;
    });
    pending.set(request, principal);
  }
  return principal;
}

/** The principal already authenticated for this request, if any (synchronous, for validation). */
export function knownPrincipal(request: Request | undefined): Principal | undefined {
  return request ? known.get(request) : undefined;
}
