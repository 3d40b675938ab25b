/**
 * GET /privacy-notice (HTML, Japanese; ?lang=en for English), /privacy-notice.md and
 * /privacy-notice.json: the public notice generated from the policy versions in force,
 * or as it stood on ?at=YYYY-MM-DD. Public: no key needed, no personal data in it.
 */
import type { Plugin } from "graphql-yoga";
import type { Db } from "../db/client.js";
import { noticeFactsAt } from "../modules/notice/notice-facts-cache.js";
import { noticeSettings } from "../modules/notice/notice-settings.js";
import { buildPublicNotice, type Lang } from "../modules/notice/public-notice.js";
import { noticeHtml, noticeMarkdown } from "../modules/notice/render-notice.js";

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** `?at=` as a date (the end of that day in JST) or a date-time; now when absent, undefined when malformed. */
export function parseNoticeDate(raw: string | null, now: Date): Date | undefined {
  if (!raw) return now;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59+09:00` : raw);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function usePrivacyNotice(db: Db, clock: () => Date): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const match = /^\/privacy-notice(\.md|\.json|\.html)?$/.exec(url.pathname);
      if (!match) return;
      if (request.method !== "GET") return endResponse(text(405, "GET で取得してください。 Use GET."));
      const lang: Lang = url.searchParams.get("lang") === "en" ? "en" : "ja";
      const at = parseNoticeDate(url.searchParams.get("at"), clock());
      if (!at)
        return endResponse(
          text(
            400,
            "at には日付 (YYYY-MM-DD) または ISO 8601 の日時を指定してください。 at must be a date (YYYY-MM-DD) or an ISO 8601 date-time.",
          ),
        );
      let notice;
      try {
        // Public and unauthenticated: the current notice is cached (notice-facts-cache.ts).
        const facts = await noticeFactsAt(db, url.searchParams.get("at") ? at : null, at);
        notice = buildPublicNotice(facts, noticeSettings(), lang);
      } catch {
        return endResponse(
          text(
            503,
            "ただいま表示できません。時間をおいて再度お試しください。 The notice cannot be read now; try again.",
          ),
        );
      }
      const query = (over: Record<string, string>) => {
        const params = new URLSearchParams(url.searchParams);
        for (const [k, v] of Object.entries(over)) params.set(k, v);
        const q = params.toString();
        return q ? `?${q}` : "";
      };
      if (match[1] === ".json")
        return endResponse(
          new Response(JSON.stringify(notice), {
            headers: { "content-type": "application/json; charset=utf-8" },
          }),
        );
      if (match[1] === ".md")
        return endResponse(
          new Response(noticeMarkdown(notice), {
            headers: { "content-type": "text/markdown; charset=utf-8" },
          }),
        );
      const html = noticeHtml(notice, {
        other: `/privacy-notice${query({ lang: lang === "ja" ? "en" : "ja" })}`,
        markdown: `/privacy-notice.md${query({})}`,
        json: `/privacy-notice.json${query({})}`,
      });
      return endResponse(new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }));
    },
  };
}
