/**
 * Routes beside /graphql (health, readiness, metrics, and whatever a deployment mounts,
 * such as a console): each answers a path before GraphQL handling, with a plain Response.
 * createTeikyo({ routes }) takes them, so no route needs its own server.
 */
import type { Plugin } from "graphql-yoga";

export interface Route {
  /** Exact path, e.g. "/ready", or a prefix ending in "/" (e.g. "/console/"). */
  path: string;
  /** Methods answered; others get 405. Default GET and HEAD. */
  methods?: string[];
  handle(request: Request, url: URL): Response | Promise<Response>;
}

function matches(route: Route, pathname: string): boolean {
  return route.path.endsWith("/") ? pathname.startsWith(route.path) : pathname === route.path;
}

export function useRoutes(routes: Route[]): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const route = routes.find((r) => matches(r, url.pathname));
      if (!route) return;
      const methods = route.methods ?? ["GET", "HEAD"];
      if (!methods.includes(request.method)) {
        endResponse(new Response(null, { status: 405, headers: { allow: methods.join(", ") } }));
        return;
      }
      endResponse(await route.handle(request, url));
    },
  };
}
