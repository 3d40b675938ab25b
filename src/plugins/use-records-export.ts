/**
 * GET /records/export.csv and /records/export.json: compliance downloads provision records
 * for a filter (?person=&recipient=&purpose=&ground=&from=&to=), streamed page by page.
 */
import { randomUUID } from "node:crypto";
import type { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Db } from "../db/client.js";
import { authenticateRequest } from "../hardening/request-principal.js";
import { logRecordAccess } from "../modules/access-audit/record-access.js";
import { csvChunks, type ExportRow, exportRows, jsonChunks } from "../modules/records/export-rows.js";
import { parseRecordFilter } from "../modules/records/records-filter.js";

const UNAVAILABLE = "Provision records cannot be read now (database unavailable); try again.";

const json = (status: number, message: string) =>
  new Response(JSON.stringify({ errors: [{ message }] }), {
    status,
    headers: { "content-type": "application/json" },
  });

export function useRecordsExport(db: Db, clock: () => Date): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const match = /^\/records\/export\.(csv|json)$/.exec(url.pathname);
      if (!match) return;
      if (request.method !== "GET") return endResponse(json(405, "Use GET."));
      let principal: Awaited<ReturnType<typeof authenticateRequest>>;
      try {
        principal = await authenticateRequest(db, request, clock());
      } catch (error) {
        if ((error as GraphQLError).extensions?.code === "UNAUTHENTICATED")
          return endResponse(json(401, (error as Error).message));
        return endResponse(json(503, UNAVAILABLE));
      }
      if (principal.role !== "COMPLIANCE" && principal.role !== "ADMIN") {
        return endResponse(json(403, "Only compliance and admin keys may export provision records."));
      }
      let filter: ReturnType<typeof parseRecordFilter>;
      try {
        filter = parseRecordFilter((name) => url.searchParams.get(name));
      } catch (error) {
        return endResponse(json(400, (error as Error).message));
      }
      const format = match[1] as "csv" | "json";
      try {
        await logRecordAccess(db, {
          principal,
          action: "RECORDS_EXPORT",
          filter: { ...filter, format },
          requestId: randomUUID(),
          at: clock(),
        });
      } catch {
        return endResponse(json(503, UNAVAILABLE));
      }
      // The first page is read before answering, so a database that is down gets a clean
      // 503 rather than a 200 whose body breaks off.
      const pages = exportRows(db, filter);
      let firstPage: IteratorResult<ExportRow[]>;
      try {
        firstPage = await pages.next();
      } catch {
        return endResponse(json(503, UNAVAILABLE));
      }
      async function* allPages() {
        if (firstPage.done) return;
        yield firstPage.value;
        yield* pages;
      }
      const chunks = format === "csv" ? csvChunks(allPages()) : jsonChunks(allPages());
      const encoder = new TextEncoder();
      // Pull-based: the next page is read only when the client has taken the last one.
      const iterator = chunks[Symbol.asyncIterator]();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        },
        async cancel() {
          await iterator.return?.(undefined);
        },
      });
      endResponse(
        new Response(body, {
          headers: {
            "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
            "content-disposition": `attachment; filename="provision-records.${format}"`,
          },
        }),
      );
    },
  };
}
