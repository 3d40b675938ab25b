/**
 * The public notice as a self-contained HTML page (no external assets, every text
 * escaped) and as Markdown, from the same document.
 */
import { type Block, jstDate, type PublicNotice } from "./public-notice.js";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function htmlBlock(b: Block): string {
  if ("p" in b) return `<p>${escapeHtml(b.p)}</p>`;
  if ("ul" in b) return `<ul>${b.ul.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
  return `<dl>${b.dl.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`;
}

const STYLE = `body{font-family:"Hiragino Sans","Noto Sans JP","Yu Gothic",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.8;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;margin-top:2rem}dt{font-weight:bold;margin-top:.5rem}dd{margin-left:1rem}
.as-of{color:#555}nav a{margin-right:1rem}`;

export function noticeHtml(
  notice: PublicNotice,
  links: { other: string; markdown: string; json: string },
): string {
  const asOf = jstDate(new Date(notice.at), notice.lang);
  const sections = notice.sections
    .map(
      (s, i) =>
        `<section id="${s.id}"><h2>${i + 1}. ${escapeHtml(s.heading)}</h2>${s.blocks.map(htmlBlock).join("")}</section>`,
    )
    .join("\n");
  const other = notice.lang === "ja" ? "English" : "日本語";
  return `<!doctype html>
<html lang="${notice.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(notice.title)}</title><style>${STYLE}</style></head>
<body><nav><a href="${escapeHtml(links.other)}">${other}</a><a href="${escapeHtml(links.markdown)}">Markdown</a><a href="${escapeHtml(links.json)}">JSON</a></nav>
<h1>${escapeHtml(notice.title)}</h1><p class="as-of">${escapeHtml(notice.lang === "ja" ? `${asOf}現在` : `As of ${asOf}`)}</p>
${sections}
</body></html>
`;
}

function mdBlock(b: Block): string {
  if ("p" in b) return b.p;
  if ("ul" in b) return b.ul.map((i) => `- ${i}`).join("\n");
  return b.dl.map(([k, v]) => `- **${k}**: ${v}`).join("\n");
}

export function noticeMarkdown(notice: PublicNotice): string {
  const asOf = jstDate(new Date(notice.at), notice.lang);
  const body = notice.sections
    .map((s, i) => `## ${i + 1}. ${s.heading}\n\n${s.blocks.map(mdBlock).join("\n\n")}`)
    .join("\n\n");
  return `# ${notice.title}\n\n${notice.lang === "ja" ? `${asOf}現在` : `As of ${asOf}`}\n\n${body}\n`;
}
