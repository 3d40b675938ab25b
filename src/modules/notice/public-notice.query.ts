/** Query.publicNotice: the generated public notice, as in force now or at a given moment; public. */
import { builder } from "../../builder.js";
import { noticeFactsAt } from "./notice-facts-cache.js";
import { noticeSettings } from "./notice-settings.js";
import { buildPublicNotice, type NoticeSection, type PublicNotice } from "./public-notice.js";
import { noticeMarkdown } from "./render-notice.js";

const SectionRef = builder.objectRef<NoticeSection>("PublicNoticeSection").implement({
  fields: (t) => ({
    id: t.exposeString("id"),
    heading: t.exposeString("heading"),
    blocks: t.field({
      type: "JSON",
      description: "Paragraphs ({p}), lists ({ul}) and term lists ({dl}).",
      resolve: (s) => s.blocks,
    }),
  }),
});

const PublicNoticeRef = builder.objectRef<PublicNotice>("PublicNotice").implement({
  description:
    "The privacy policy generated from the purposes, notices and statements in force (art. 21, 27, 28, 32). Also at GET /privacy-notice.",
  fields: (t) => ({
    lang: t.exposeString("lang"),
    at: t.exposeString("at"),
    title: t.exposeString("title"),
    sections: t.field({ type: [SectionRef], resolve: (n) => n.sections }),
    markdown: t.string({ resolve: (n) => noticeMarkdown(n) }),
  }),
});

builder.queryField("publicNotice", (t) =>
  t.field({
    type: PublicNoticeRef,
    description:
      "The public notice, in Japanese (default) or English, as it stood at `at` (default: now). Public: answered without a key.",
    // In the public schema a caller without a key may use (src/public-schema).
    extensions: { public: true },
    args: {
      lang: t.arg.string({ required: false, description: "ja (default) or en." }),
      at: t.arg({ type: "DateTime", required: false }),
    },
    resolve: async (_root, { lang, at }, ctx) =>
      buildPublicNotice(
        await noticeFactsAt(ctx.db, at ?? null, ctx.now),
        noticeSettings(),
        lang === "en" ? "en" : "ja",
      ),
  }),
);
