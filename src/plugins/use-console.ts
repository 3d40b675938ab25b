/**
 * GET /console: the compliance console, a static single-page app built by Vite into
 * dist/console (scripts/console-build.ts). It holds no key and no data: it calls the public
 * GraphQL API with the key the user signs in with, so it can do nothing that key cannot.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "graphql-yoga";

/** Where the build lands, from the repository root. */
export const CONSOLE_DIST = fileURLToPath(new URL("../../dist/console/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

// Inline styles: Mantine sets CSS variables in a <style> element and style attributes.
// The disclosure preview is an iframe srcdoc with an empty sandbox (no script, opaque origin).
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export interface ConsoleOptions {
  /** Directory of the built console. @default dist/console */
  dist?: string;
}

export function useConsole({ dist = CONSOLE_DIST }: ConsoleOptions = {}): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== "/console" && !url.pathname.startsWith("/console/")) return;
      if (request.method !== "GET" && request.method !== "HEAD") {
        return endResponse(new Response("Use GET.", { status: 405 }));
      }
      if (url.pathname === "/console") {
        return endResponse(new Response(null, { status: 308, headers: { location: "/console/" } }));
      }
      const relative = normalize(decodeURIComponent(url.pathname.slice("/console/".length)));
      const isAsset = relative.startsWith(`assets${sep}`) && !relative.includes("..");
      // Any other path is the app's own (one page): index.html.
      const file = isAsset ? join(dist, relative) : join(dist, "index.html");
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return endResponse(
          isAsset
            ? new Response("Not found.", { status: 404 })
            : new Response("The console is not built: run `npm run console:build`.", {
                status: 503,
                headers: { "content-type": "text/plain; charset=utf-8" },
              }),
        );
      }
      endResponse(
        new Response(request.method === "HEAD" ? null : new Uint8Array(body), {
          headers: {
            "content-type": TYPES[extname(file)] ?? "application/octet-stream",
            // Asset names carry a content hash; the page itself is always revalidated.
            "cache-control": isAsset ? "public, max-age=31536000, immutable" : "no-cache",
            ...SECURITY_HEADERS,
          },
        }),
      );
    },
  };
}
