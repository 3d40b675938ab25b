/**
 * Registered operations per recipient (graphql-yoga's persisted-operations plugin, by the
 * SHA-256 hash in extensions.persistedQuery): a partner runs one registered for its own
 * recipient by hash; a recipient marked allow-list only runs nothing else. Internal keys
 * send their operations as text. The provision record names the registered operation run.
 * Runs after admission (it needs the principal) and before the scoped schema.
 */
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../../db/client.js";
import { teikyoError } from "../../errors.js";
import { knownPrincipal } from "../../hardening/request-principal.js";
import { allowListOf } from "./allow-list.js";

const usedByRequest = new WeakMap<Request, string>();

/** The hash of the registered operation this request ran, if any. */
export function persistedOperationOf(context: unknown): string | null {
  const request = (context as { request?: Request } | undefined)?.request;
  return (request && usedByRequest.get(request)) ?? null;
}

export function useAllowList(db: Db): Plugin {
  const recipientOf = (request: Request) => knownPrincipal(request)?.recipient ?? null;
  const inner = usePersistedOperations({
    allowArbitraryOperations: async (request) => {
      const recipient = recipientOf(request);
      return recipient ? !(await allowListOf(db, recipient.id)).only : true;
    },
    async getPersistedOperation(hash, request) {
      const recipient = recipientOf(request);
      if (!recipient) return null;
      const text = (await allowListOf(db, recipient.id)).operations.get(hash) ?? null;
      if (text) usedByRequest.set(request, hash);
      return text;
    },
    customErrors: {
      persistedQueryOnly: ({ request }) =>
        teikyoError(
          "FORBIDDEN",
          `Recipient "${recipientOf(request)?.id}" may run only the operations registered for it: send extensions.persistedQuery { version: 1, sha256Hash } of one, without the query text.`,
          { reason: "ALLOW_LIST_ONLY" },
        ),
      notFound: ({ request }) =>
        teikyoError(
          "FORBIDDEN",
          `No operation with this hash is registered for recipient "${recipientOf(request)?.id ?? "(none)"}".`,
          { reason: "PERSISTED_OPERATION_NOT_REGISTERED" },
        ),
      keyNotFound: () =>
        teikyoError(
          "BAD_USER_INPUT",
          "Send a query, or extensions.persistedQuery { version: 1, sha256Hash }.",
        ),
    },
  });
  return {
    ...inner,
    onParams(payload) {
      // Without a principal admission has answered already (401 or 429); a keyless request
      // sending a hash was refused there too (registered operations belong to keys).
      const principal = knownPrincipal(payload.request);
      if (!principal || principal.role === "ANONYMOUS") return;
      return inner.onParams?.(payload);
    },
  };
}
