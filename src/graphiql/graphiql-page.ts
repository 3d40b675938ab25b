/**
 * The GraphiQL page: every script, style sheet and icon comes from the gateway itself
 * (graphiql-assets.ts), the options travel as JSON data rather than inline script, and a
 * note says, in Japanese first and in English, that the API key is kept in this tab's
 * memory only. A Content-Security-Policy lets the page load nothing from another host.
 */
import type { GraphiQLOptions, Plugin } from "graphql-yoga";
import { GRAPHIQL_ASSETS } from "./graphiql-assets.js";

const NOTE_JA =
  "API キーはこのタブのメモリにだけ置かれ、ブラウザーには保存されません(再読み込みや別のタブでは入れ直してください)。キーを Headers に入れたら、スキーマの再読み込み(⟳)で、そのキーが受け取れる項目だけの文書と補完になります。";
const NOTE_EN =
  "Your API key stays in this tab's memory only and is never saved in the browser (enter it again after a reload or in another tab). After putting it under Headers, re-fetch the schema (⟳) for the documentation and completion of what that key may receive.";

/** No host but this one; GraphiQL's editor styles itself inline, and its fonts are data URLs. */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside a script element: "<" escaped, so no string can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const page: GraphiQLOptions = { ...options, shouldPersistHeaders: false };
  const asset = (name: string) => `${GRAPHIQL_ASSETS}${name}`;
  return `<!doctype html>
<html lang="ja">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(options.title ?? "Teikyo")}</title>
    <link rel="icon" href="${asset("favicon.ico")}" />
    <link rel="stylesheet" href="${asset("graphiql.css")}" />
    <style>
      html, body { height: 100%; margin: 0; }
      body { display: flex; flex-direction: column; }
      #key-note { font: 13px/1.5 sans-serif; padding: 6px 12px; background: #fff8e1; color: #3e2f00; border-bottom: 1px solid #e0c36a; }
      #key-note p { margin: 0; }
      #graphiql { flex: 1; min-height: 0; }
    </style>
  </head>
  <body>
    <div id="key-note" role="note">
      <p lang="ja">${escapeHtml(NOTE_JA)}</p>
      <p lang="en">${escapeHtml(NOTE_EN)}</p>
    </div>
    <noscript>GraphiQL には JavaScript が必要です。 / GraphiQL needs JavaScript.</noscript>
    <div id="graphiql"></div>
    <script type="application/json" id="graphiql-options">${scriptJson(page)}</script>
    <script src="${asset("environment.js")}"></script>
    <script src="${asset("graphiql.js")}"></script>
    <script src="${asset("start.js")}"></script>
  </body>
</html>
`;
}

/**
 * The page's own headers: yoga's GraphiQL response has only a content type. Only on the
 * GraphQL path: other HTML (the console) has its own.
 */
export function useGraphiQLPageHeaders(graphqlPath = "/graphql"): Plugin {
  return {
    onResponse({ request, response }) {
      if (new URL(request.url).pathname !== graphqlPath) return;
      if (!response.headers.get("content-type")?.startsWith("text/html")) return;
      response.headers.set("content-security-policy", GRAPHIQL_CSP);
      response.headers.set("x-content-type-options", "nosniff");
      response.headers.set("referrer-policy", "no-referrer");
    },
  };
}
