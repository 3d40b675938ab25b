/**
 * GraphiQL's assets, served by the gateway itself from the npm package The Guild builds them
 * into (@graphql-yoga/render-graphiql): no CDN, so the page works offline and no third-party
 * script runs on a page that holds an API key. Each asset is its own same-origin file (the
 * package's renderer inlines 9 MB into every page instead), under a versioned path so
 * browsers may keep them.
 */
import { createRequire } from "node:module";
import type { Route } from "../routes.js";

const { version: VERSION } = createRequire(import.meta.url)("@graphql-yoga/render-graphiql/package.json") as {
  version: string;
};

export const GRAPHIQL_ASSETS = `/graphiql-assets/${VERSION}/`;

type Bundle = typeof import("@graphql-yoga/render-graphiql/graphiql");

const JS = "text/javascript; charset=utf-8";

/** Our own scripts: the worker locations, then (after GraphiQL) the start with the headers guard. */
const OWN: Record<string, string> = {
  "environment.js": `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (moduleId, label) {
    return ${JSON.stringify(GRAPHIQL_ASSETS)} + ({ editorWorkerService: "editor.worker.js", json: "json.worker.js", graphql: "graphql.worker.js" }[label] || "editor.worker.js");
  },
};`,
  "start.js": `(function () {
  // API keys live in the header editor: never in the browser's storage. GraphiQL is told not to
  // persist headers; this also strips them from anything it or an older page stores, and
  // removes what an older page left behind in plain text.
  function withoutHeaders(value) {
    if (Array.isArray(value)) return value.map(withoutHeaders);
    if (!value || typeof value !== "object") return value;
    var copy = {};
    for (var k in value) if (k !== "headers") copy[k] = withoutHeaders(value[k]);
    return copy;
  }
  function clean(key, value) {
    if (key.indexOf("graphiql:") !== 0) return value;
    if (key === "graphiql:headers") return null;
    try { return JSON.stringify(withoutHeaders(JSON.parse(value))); } catch (e) { return value; }
  }
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    var kept = clean(String(key), String(value));
    if (kept === null) return this.removeItem(key);
    return setItem.call(this, key, kept);
  };
  [window.localStorage, window.sessionStorage].forEach(function (store) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf("graphiql:") === 0) store.setItem(key, store.getItem(key));
    }
  });
  var options = JSON.parse(document.getElementById("graphiql-options").textContent);
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById("graphiql"), options);
})();`,
};

let bundle: Promise<Bundle> | undefined;

async function asset(name: string): Promise<{ body: string | Blob; type: string } | null> {
  if (OWN[name]) return { body: OWN[name], type: JS };
  // Loaded on first use: 9 MB of strings that a server without GraphiQL users never needs.
  const b = await (bundle ??= import("@graphql-yoga/render-graphiql/graphiql"));
  switch (name) {
    case "graphiql.js":
      return { body: b.js, type: JS };
    case "graphiql.css":
      return { body: b.css, type: "text/css; charset=utf-8" };
    case "editor.worker.js":
      return { body: b.editorWorkerService, type: JS };
    case "json.worker.js":
      return { body: b.jsonWorker, type: JS };
    case "graphql.worker.js":
      return { body: b.graphqlWorker, type: JS };
    case "favicon.ico":
      return {
        body: new Blob([Buffer.from(b.favicon.slice(b.favicon.indexOf(",") + 1), "base64")]),
        type: "image/x-icon",
      };
    default:
      return null;
  }
}

export function graphiqlAssetsRoute(): Route {
  return {
    path: GRAPHIQL_ASSETS,
    async handle(_request, url) {
      const found = await asset(url.pathname.slice(GRAPHIQL_ASSETS.length));
      if (!found) return new Response(null, { status: 404 });
      return new Response(found.body, {
        headers: {
          "content-type": found.type,
          // The path names the package version: a new version is a new path.
          "cache-control": "public, max-age=31536000, immutable",
          "x-content-type-options": "nosniff",
        },
      });
    },
  };
}
