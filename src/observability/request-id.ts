/**
 * One id per HTTP request, drawn by the gateway (a client's own x-request-id is not
 * trusted: provision records use the id, and two requests must never share one). It is
 * the id in the provision records, in the `x-request-id` response header, in every error's
 * extensions and in the access log line, so a partner's complaint can be traced to both.
 */
import { randomUUID } from "node:crypto";

const ids = new WeakMap<Request, string>();

export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    id = randomUUID();
    ids.set(request, id);
  }
  return id;
}
