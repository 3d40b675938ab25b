/**
 * Authenticates a request once, whoever asks first: admission (before parsing, for rate
 * limits), validation (introspection is for internal roles) and the context factory all
 * need the principal, and a key lookup is a database read. A request sent without any key
 * has the ANONYMOUS principal only once admission has let it in (to the public schema).
 */
import type { Db } from "../db/client.js";
import { ANONYMOUS, authenticate, type Principal } from "../modules/keys/authenticate.js";

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

/** No Authorization header at all (or a blank one): a stranger, not a client with a bad key. */
export function isKeyless(request: Request): boolean {
  return !request.headers.get("authorization")?.trim();
}

/** Admission let a keyless request in, to the public schema: from now on its principal is ANONYMOUS. */
export function admitAnonymous(request: Request): void {
  pending.set(request, Promise.resolve(ANONYMOUS));
  known.set(request, ANONYMOUS);
}

/** The principal this request's Authorization header authenticated as earlier (refused-keys.ts). */
export function rememberPrincipal(request: Request, principal: Principal): void {
  pending.set(request, Promise.resolve(principal));
  known.set(request, principal);
}
