/**
 * Refusals that must come before anything runs: an Accept header the gateway cannot answer
 * (406; yoga would execute first, recording a provision whose answer is never sent), and a
 * NUL character in the query or its variables (400; PostgreSQL text cannot hold U+0000, so
 * it would fail inside a query as an unexpected error).
 */
import { visit } from "graphql";
import type { Plugin } from "graphql-yoga";
import { teikyoError } from "../errors.js";

const ANSWERABLE = [
  "application/json",
  "application/graphql-response+json",
  "multipart/mixed",
  "text/event-stream",
  "text/html",
  "application/*",
  "text/*",
  "*/*",
];

function acceptable(accept: string | null): boolean {
  if (!accept?.trim()) return true;
  return accept
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "")
    .some((type) => ANSWERABLE.includes(type));
}

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v, depth + 1));
}

const nulError = () =>
  teikyoError("BAD_USER_INPUT", "The request contains a NUL character (U+0000), which no field accepts.", {
    reason: "NUL_CHARACTER",
  });

export function useRequestChecks(graphqlPath = "/graphql"): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname === graphqlPath && !acceptable(request.headers.get("accept")))
        endResponse(new Response(null, { status: 406 }));
    },
    onParams({ params, setResult }) {
      if (hasNul(params.variables) || hasNul(params.operationName)) setResult({ errors: [nulError()] });
    },
    // A literal in the document ("\u0000" decodes to NUL) is only seen once it is parsed.
    onExecute({ args, setResultAndStopExecution }) {
      let found = false;
      visit(args.document, {
        StringValue(node) {
          if (node.value.includes("\u0000")) found = true;
        },
      });
      if (found) setResultAndStopExecution({ errors: [nulError()] });
    },
  };
}
