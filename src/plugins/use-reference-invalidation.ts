/**
 * Every mutation may change reference data (keys, recipients, notices, the catalog), so
 * once one has run, this process's reference caches start over (src/cache/reference-cache.ts).
 */
import type { Plugin } from "@envelop/core";
import { invalidateReferenceData } from "../cache/reference-cache.js";
import { operationOf } from "./operation.js";

export function useReferenceInvalidation(): Plugin {
  return {
    onExecute({ args }) {
      const operation = operationOf(args.document, args.operationName);
      if (operation?.operation !== "mutation") return;
      return { onExecuteDone: () => invalidateReferenceData() };
    },
  };
}
