/**
 * The address a request came from, for per-IP limits. X-Forwarded-For is read only when
 * proxies are trusted: otherwise any client could name any address and escape its limit.
 */
import type { IncomingMessage } from "node:http";

/** Under node:http, yoga's server context carries the Node request. */
interface NodeServerContext {
  req?: IncomingMessage;
}

export function clientIp(request: Request, serverContext: unknown, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (request.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    // Each trusted proxy appends the address it was reached from: with n of them, the
    // client is the n-th entry from the right; entries further left are the client's word.
    const client = hops[hops.length - trustedProxies];
    if (client) return client;
  }
  return (serverContext as NodeServerContext | undefined)?.req?.socket?.remoteAddress ?? "unknown";
}
