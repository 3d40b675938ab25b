/**
 * Admission of a keyless operation: it runs only when it stays inside the public schema;
 * one naming anything else is refused as unauthenticated (401), as every keyless request
 * was before the public schema existed. The text is parsed here under the same token limit
 * yoga's parser applies (graphql-armor), so a stranger's text costs no more than anyone's;
 * a text that does not parse is left to yoga, which reports it as for any caller.
 */
import { type GraphQLError, type GraphQLSchema, parse } from "graphql";
import { teikyoError } from "../errors.js";
import { outsidePublic } from "./outside-public.js";

const SEND_KEY = "Send the header 'Authorization: Bearer <key>'.";

export interface OperationParams {
  query?: unknown;
  extensions?: unknown;
}

/** The 401 for a keyless operation reaching outside the public schema; null to let it run. */
export function publicOperationRefusal(
  params: OperationParams,
  schema: GraphQLSchema,
  maxTokens: number,
): GraphQLError | null {
  const persisted = (params.extensions as { persistedQuery?: unknown } | null | undefined)?.persistedQuery;
  if (persisted !== undefined && persisted !== null)
    return teikyoError(
      "UNAUTHENTICATED",
      `Missing API key: registered operations belong to a recipient's key. ${SEND_KEY}`,
      { reason: "PERSISTED_OPERATION_NEEDS_KEY" },
    );
  if (typeof params.query !== "string") return null;
  let document;
  try {
    document = parse(params.query, { maxTokens });
  } catch {
    return null;
  }
  const outside = outsidePublic(schema, document);
  if (outside.length === 0) return null;
  return teikyoError(
    "UNAUTHENTICATED",
    `Missing API key: without a key only the public schema (GET /schema.graphql) can be used, and ${outside
      .map((name) => `"${name}"`)
      .join(", ")} ${outside.length === 1 ? "is" : "are"} not in it. ${SEND_KEY}`,
    { reason: "OUTSIDE_PUBLIC_SCHEMA", outside },
  );
}
