/** Cursors over provision events for compliance staff: the 64-bit event number as text. */
import { badInput } from "../catalog/input-problems.js";

export function parseSeqCursor(after: string | null | undefined): bigint {
  if (!after) return 0n;
  if (!/^\d{1,19}$/.test(after)) badInput("Invalid cursor: pass endCursor from the previous page.");
  return BigInt(after);
}
