/**
 * useProvisionRecords: no personal data leaves without its provision record (art. 29).
 * After execution, the provision events for exactly what the result carries are written
 * in one transaction; if that fails, the result is replaced by an error and no data.
 * Implemented once here, not in resolvers.
 */
import type { Plugin } from "@envelop/core";
import { type DocumentNode, parse, print } from "graphql";
import type { Context } from "../../context.js";
import { teikyoError } from "../../errors.js";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../../hardening/database-unavailable.js";
import { describeError } from "../../hardening/redacted-logger.js";
import { inSpan } from "../../observability/spans.js";
import { operationHash, provisionDrafts } from "./provision-draft.js";
import { writeProvisions } from "../records/write-provisions.js";
import { persistedOperationOf } from "../persisted-operations/use-allow-list.js";
import { sentText } from "../../partner-schema/use-scoped-schema.js";

export interface ProvisionRecordsOptions {
  /** Told how many people left for the key once their records are committed (rate limits). */
  provided?: (keyId: string, people: number) => Promise<void>;
}

/**
 * The operation hash a record carries: SHA-256 of the printed operation the partner sent
 * (its text when the gateway read its purposes as the enum, else the document run). The
 * same document and sent text always print the same, so it is made once per pair: per
 * document (yoga's parse cache hands the same one for the same text), a few sent texts.
 */
const hashes = new WeakMap<DocumentNode, Map<string, string>>();
const SENT_TEXTS_PER_DOCUMENT = 8;

function hashOf(document: DocumentNode, sent: string | null): string {
  let bySent = hashes.get(document);
  if (!bySent) hashes.set(document, (bySent = new Map()));
  const key = sent ?? "";
  let hash = bySent.get(key);
  if (hash === undefined) {
    hash = operationHash(print(sent ? parse(sent) : document));
    if (bySent.size >= SENT_TEXTS_PER_DOCUMENT) bySent.clear();
    bySent.set(key, hash);
  }
  return hash;
}

export function useProvisionRecords(options: ProvisionRecordsOptions = {}): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue;
      return {
        async onExecuteDone({ result, setResult }) {
          if (ctx.grants.size === 0) return;
          if (!("data" in result || "errors" in result)) {
            // A streamed result (defer, stream, subscription) cannot be recorded first: refuse it.
            setResult({
              errors: [
                teikyoError("PROVISION_RECORD_FAILED", "Streamed results cannot carry personal data.", {}),
              ],
            });
            return;
          }
          let people = 0;
          try {
            const drafts = await provisionDrafts(
              ctx,
              result.data,
              hashOf(args.document, sentText(ctx)),
              persistedOperationOf(ctx),
            );
            // A child of the request span: it runs after execution, and waits for its group commit.
            const attributes = {
              ...(ctx.principal.recipient ? { "teikyo.recipient": ctx.principal.recipient.id } : {}),
              "teikyo.purposes": [...new Set(drafts.map((d) => d.event.purposeCode))],
              "teikyo.record.events": drafts.length,
              "teikyo.record.people": drafts.reduce((n, d) => n + d.people.length, 0),
            };
            await inSpan(
              ctx,
              "teikyo.record_write",
              attributes,
              () => writeProvisions(ctx.db, drafts),
              "request",
            );
            people = attributes["teikyo.record.people"];
          } catch (error) {
            // By name, code and frames only: a Prisma message can quote the records' people.
            console.error(`provision record write failed (request ${ctx.requestId}):`, describeError(error));
            ctx.grants.clear();
            setResult({
              errors: [
                teikyoError(
                  "PROVISION_RECORD_FAILED",
                  "The provision record could not be written, so no personal data was sent. Please retry.",
                  {
                    requestId: ctx.requestId,
                    // Why, as a code: a database that cannot write now (a full disk, an
                    // outage, a timeout) is worth a retry after a pause; anything else is a bug.
                    ...(isDatabaseUnavailable(error)
                      ? {
                          reason: "DATABASE_UNAVAILABLE",
                          retryAfterSeconds: RETRY_AFTER_SECONDS,
                          http: { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
                        }
                      : {}),
                  },
                ),
              ],
            });
            return;
          }
          // Counted once committed: what the records say left is what the limit counts. The data
          // is on its way whatever happens here, so a failing counter must not replace it.
          if (people > 0 && options.provided)
            await options.provided(ctx.principal.keyId, people).catch((error: unknown) => {
              console.error(`people counter failed (request ${ctx.requestId}):`, describeError(error));
            });
        },
      };
    },
  };
}
