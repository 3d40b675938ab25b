/**
 * Refusals that must come before anything runs: an Accept header the gateway cannot answer
 * (406; yoga would execute first, recording a provision whose answer is never sent), and a
 * NUL character in the query or its variables (400; PostgreSQL text cannot hold U+0000, so
 * it would fail inside a query as an unexpected error), or ill-formed UTF-16 (a lone
 * surrogate such as "\ud800", which no database text can store: 400, not a 500).
 */
import { type DocumentNode, visit } from "graphql";
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

/**
 * text/html is answered only on GET (GraphiQL, which executes nothing): to a POST that
 * accepts only HTML, yoga would execute, record, and then answer 406.
 */
function acceptable(accept: string | null, method: string): boolean {
  if (!accept?.trim()) return true;
  return accept
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "")
    .some((type) => ANSWERABLE.includes(type) && (type !== "text/html" || method === "GET"));
}

type Problem = "NUL_CHARACTER" | "ILL_FORMED_UTF16";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): Problem | null {
  if (text.includes("\u0000")) return "NUL_CHARACTER";
  return LONE_SURROGATE.test(text) ? "ILL_FORMED_UTF16" : null;
}

function findProblem(value: unknown, depth = 0): Problem | null {
  if (typeof value === "string") return textProblem(value);
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const found = textProblem(k) ?? findProblem(v, depth + 1);
    if (found) return found;
  }
  return null;
}

const MESSAGES: Record<Problem, string> = {
  NUL_CHARACTER: "The request contains a NUL character (U+0000), which no field accepts.",
  ILL_FORMED_UTF16:
    "The request contains a lone surrogate (ill-formed UTF-16, e.g. \\ud800), which no field accepts.",
};

const textError = (reason: Problem) => teikyoError("BAD_USER_INPUT", MESSAGES[reason], { reason });

/** Per parsed document: yoga's parse cache hands the same document to every request of one text. */
const documentProblems = new WeakMap<DocumentNode, Problem | null>();

function documentProblem(document: DocumentNode): Problem | null {
  let found = documentProblems.get(document);
  if (found === undefined) {
    let first: Problem | null = null;
    visit(document, {
      StringValue(node) {
        first ??= textProblem(node.value);
      },
    });
    found = first;
    documentProblems.set(document, found);
  }
  return found;
}

export function useRequestChecks(graphqlPath = "/graphql"): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname === graphqlPath && !acceptable(request.headers.get("accept"), request.method))
        endResponse(new Response(null, { status: 406 }));
    },
    onParams({ params, setResult }) {
      const found = findProblem(params.variables) ?? findProblem(params.operationName);
      if (found) setResult({ errors: [textError(found)] });
    },
    // A literal in the document ("\u0000" decodes to NUL) is only seen once it is parsed.
    onExecute({ args, setResultAndStopExecution }) {
      const found = documentProblem(args.document);
      if (found) setResultAndStopExecution({ errors: [textError(found)] });
    },
  };
}
