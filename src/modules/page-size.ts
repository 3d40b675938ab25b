/**
 * One page size for every list: `first` from 1 to the query limits' maxPageSize (which
 * use-page-size.ts also checks before execution, naming the field), 100 when not given.
 */
import { DEFAULT_QUERY_LIMITS } from "../hardening/settings.js";
import { badInput } from "./catalog/input-problems.js";

export const MAX_PAGE_SIZE = DEFAULT_QUERY_LIMITS.maxPageSize;
export const DEFAULT_PAGE_SIZE = 100;

/** The description of a list's `first` argument. */
export const FIRST_DESCRIPTION = `1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`;

/** The page size asked for, or a BAD_USER_INPUT error (never clamped). */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (size < 1 || size > MAX_PAGE_SIZE)
    badInput(`first must be between 1 and ${MAX_PAGE_SIZE}; got ${size}.`);
  return size;
}
