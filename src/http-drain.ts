/**
 * Draining a node:http server without losing a request. Node's server.close() also closes
 * every keep-alive connection that is idle at that instant, and a client may have just sent
 * its next request on one: that request is lost (ECONNRESET) although the client sent it
 * before the server stopped. So draining here stops accepting new connections only; every
 * response from then on (in flight or arriving on an open connection) says
 * `Connection: close`, so the client opens no further request on it; idle connections end
 * by their keep-alive timeout. Before the listener closes, connections already made (in the
 * kernel's accept queue of a busy process) get a moment to be accepted: closing the
 * listener resets them, and their requests were sent before the server stopped. Resolves
 * once every connection has closed.
 */
import { type Server, type ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";

/** How long a draining server still accepts connections already on their way. */
export const DRAIN_LINGER_MS = 1000;

export function drainable(server: Server) {
  const open = new Set<ServerResponse>();
  let draining = false;
  server.prependListener("request", (_req, res: ServerResponse) => {
    if (draining) res.setHeader("connection", "close");
    open.add(res);
    res.once("close", () => open.delete(res));
  });
  return {
    async drain(): Promise<void> {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
      await new Promise((resolve) => setTimeout(resolve, DRAIN_LINGER_MS));
      // net.Server's close: stop listening, resolve when the last connection ends.
      return new Promise((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    },
  };
}
