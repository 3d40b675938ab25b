/**
 * Expected errors: a stable code, the HTTP status, and the facts a caller needs
 * (never personal data). Everything unexpected is masked by yoga.
 */
import { createGraphQLError } from "graphql-yoga";

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "PROVISION_DENIED"
  | "PROVISION_SCOPE_MISSING"
  | "PROVISION_RECORD_FAILED"
  | "STATISTICS_REFUSED";

// null: a field-level error beside partial data, which keeps HTTP 200.
const STATUS: Record<ErrorCode, number | null> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: null,
  PROVISION_DENIED: 403,
  PROVISION_SCOPE_MISSING: 500,
  PROVISION_RECORD_FAILED: 503,
  STATISTICS_REFUSED: 403,
};

export function teikyoError(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  const status = STATUS[code];
  return createGraphQLError(message, {
    extensions: { code, ...(status ? { http: { status } } : {}), ...details },
  });
}
