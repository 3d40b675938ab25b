/**
 * The public notice (プライバシーポリシー) as a document: sections in the order Japanese
 * privacy policies use, built only from the facts in force (notice-facts.ts) and the
 * operator's settings, in Japanese or English. Pure, so the renderers (HTML, Markdown) and
 * the JSON variant all say the same.
 */
import type { Label, NoticeFacts } from "./notice-facts.js";
import type { NoticeSettings } from "./notice-settings.js";

export type Lang = "ja" | "en";

export type Block = { p: string } | { ul: string[] } | { dl: [string, string][] };

export interface NoticeSection {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface PublicNotice {
  lang: Lang;
  at: string;
  title: string;
  sections: NoticeSection[];
}

/** A date as people in Japan read it (JST). */
export function jstDate(d: Date, lang: Lang): string {
  const jst = new Date(d.getTime() + 9 * 3_600_000);
  const [y, m, day] = [jst.getUTCFullYear(), jst.getUTCMonth() + 1, jst.getUTCDate()];
  if (lang === "ja") return `${y}年${m}月${day}日`;
  return `${day} ${["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][m - 1]} ${y}`;
}

/** "アメリカ合衆国 (US)": the country named in the reader's language (R17(2)). */
function countryName(code: string, lang: Lang): string {
  const name = new Intl.DisplayNames([lang], { type: "region" }).of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

const names = (labels: Label[], lang: Lang) => labels.map((l) => l[lang]).join(lang === "ja" ? "、" : ", ");

const T = {
  ja: {
    title: "個人情報の取扱いについて（プライバシーポリシー）",
    asOf: (d: string) => `${d}現在`,
    operator: "事業者の名称・住所・代表者",
    name: "名称",
    address: "住所",
    representative: "代表者",
    purposes: "個人情報の利用目的",
    purposesIntro:
      "当社は、取得した個人情報を次の目的の範囲内で利用します。各目的で利用する項目は次のとおりです。",
    items: "利用する項目",
    entrustment: "個人データの取扱いの委託",
    entrustmentIntro:
      "当社は、次の業務の全部または一部を外部に委託し、その遂行に必要な範囲で個人データを委託先に提供します。委託先は当社が適切に監督します（個人情報保護法第25条）。",
    entrustmentNone: "現在、個人データの取扱いの委託は行っていません。",
    jointUse: "共同利用",
    jointUseIntro: "当社は、次のとおり個人データを共同利用します（個人情報保護法第27条第5項第3号）。",
    jointUsers: "共同して利用する者の範囲",
    jointItems: "共同して利用される個人データの項目",
    jointPurposes: "利用する者の利用目的",
    responsible: "個人データの管理について責任を有する者",
    since: "開始日",
    optOut: "オプトアウトによる第三者提供",
    optOutIntro:
      "当社は、次のとおり個人データを第三者に提供します（個人情報保護法第27条第2項）。ご本人の求めがあれば提供を停止します。要配慮個人情報は提供しません。",
    optOutPurpose: "第三者への提供を利用目的とすること",
    optOutItems: "提供される個人データの項目",
    optOutAcquisition: "取得の方法",
    optOutMethod: "提供の方法",
    optOutStop: "ご本人の求めに応じて提供を停止すること",
    optOutStopYes: "ご本人の求めがあれば、当該ご本人が識別される個人データの提供を停止します。",
    optOutRequest: "ご本人の求めを受け付ける方法",
    optOutUpdate: "個人データの更新の方法",
    optOutStart: "提供を開始する日",
    recipient: "提供先",
    foreign: "外国にある第三者への提供",
    foreignIntro: "当社は、次の外国にある第三者に個人データを提供します（個人情報保護法第28条）。",
    country: "国名",
    countryUnknown: "提供先の国を特定できない理由",
    system: "当該国の個人情報の保護に関する制度",
    measures: "提供先が講ずる個人情報の保護のための措置",
    route: {
      CONSENT: "ご本人の同意に基づき提供します（第28条第1項）。",
      EQUIVALENT_COUNTRY:
        "個人の権利利益を保護する上で我が国と同等の水準にあると認められる国です（規則第15条）。",
      CONFORMING_SYSTEM:
        "提供先は基準に適合する体制を整備しており、当社はその実施状況を定期的に確認しています（第28条第3項、規則第18条）。",
    },
    equivalent: "個人情報保護委員会が我が国と同等の水準にあると認めた制度",
    requests: "保有個人データに関するご請求（開示・訂正・利用停止等）",
    requestsIntro:
      "ご本人は、当社の保有個人データの利用目的の通知、開示（第三者提供記録を含む）、訂正・追加・削除、利用停止・消去および第三者提供の停止を請求できます（個人情報保護法第32条〜第35条）。",
    procedure: "請求の方法",
    fee: "手数料",
    feeText: (yen: number) => `利用目的の通知または開示の請求1件につき${yen.toLocaleString("ja-JP")}円`,
    contact: "苦情・お問い合わせ窓口",
    history: "改定履歴",
    scheduled: "改定予定",
    historyKinds: {
      PURPOSE: "利用目的",
      ITEM_CLASS: "項目の区分",
      JOINT_USE: "共同利用",
      OPT_OUT: "オプトアウトによる第三者提供",
      FOREIGN: "外国にある第三者への提供に関する情報",
    },
    version: (v: number) => `第${v}版`,
    announced: (d: string) => `${d}公表`,
    none: "該当なし",
  },
  en: {
    title: "Privacy Policy",
    asOf: (d: string) => `As of ${d}`,
    operator: "Business operator",
    name: "Name",
    address: "Address",
    representative: "Representative",
    purposes: "Purposes of use",
    purposesIntro:
      "We use personal information only for the following purposes, each with the items it uses.",
    items: "Items used",
    entrustment: "Entrustment of handling",
    entrustmentIntro:
      "We entrust all or part of the following work to contractors and provide them with the personal data the work needs; we supervise them (APPI art. 25).",
    entrustmentNone: "We currently entrust no handling of personal data.",
    jointUse: "Joint use",
    jointUseIntro: "We use personal data jointly as follows (APPI art. 27(5)(iii)).",
    jointUsers: "Joint users",
    jointItems: "Items used jointly",
    jointPurposes: "Purposes of the users",
    responsible: "Party responsible for the data",
    since: "From",
    optOut: "Provision to third parties by opt-out",
    optOutIntro:
      "We provide personal data to third parties as follows (APPI art. 27(2)). We stop on your request. No sensitive data is provided.",
    optOutPurpose: "Provision to third parties as a purpose of use",
    optOutItems: "Items provided",
    optOutAcquisition: "How the data was acquired",
    optOutMethod: "How it is provided",
    optOutStop: "Stop on request",
    optOutStopYes: "On your request, we stop providing the personal data that identifies you.",
    optOutRequest: "How to ask",
    optOutUpdate: "How the data is updated",
    optOutStart: "Provision starts",
    recipient: "Recipient",
    foreign: "Provision to third parties in foreign countries",
    foreignIntro: "We provide personal data to the following third parties abroad (APPI art. 28).",
    country: "Country",
    countryUnknown: "Why the country is not known",
    system: "That country's system for protecting personal information",
    measures: "The recipient's protective measures",
    route: {
      CONSENT: "Provided with your consent (art. 28(1)).",
      EQUIVALENT_COUNTRY: "A country recognised as having an equivalent system (Rules art. 15).",
      CONFORMING_SYSTEM:
        "The recipient has a system conforming to the standards; we check periodically how it is applied (art. 28(3), Rules art. 18).",
    },
    equivalent: "A system the PPC recognises as equivalent to Japan's",
    requests: "Requests about retained personal data (disclosure, correction, stop of use)",
    requestsIntro:
      "You may ask us to notify the purposes of use, disclose your retained personal data and the records of its provision to third parties, correct, add or delete it, stop using or erase it, and stop providing it to third parties (APPI art. 32-35).",
    procedure: "How to make a request",
    fee: "Fee",
    feeText: (yen: number) =>
      `${yen.toLocaleString("en-US")} yen per request for notification of purposes or disclosure`,
    contact: "Complaints and inquiries",
    history: "History of changes",
    scheduled: "Changes announced",
    historyKinds: {
      PURPOSE: "Purpose of use",
      ITEM_CLASS: "Item class",
      JOINT_USE: "Joint use",
      OPT_OUT: "Opt-out provision",
      FOREIGN: "Information on provision abroad",
    },
    version: (v: number) => `version ${v}`,
    announced: (d: string) => `announced ${d}`,
    none: "None",
  },
} as const;

export function buildPublicNotice(facts: NoticeFacts, settings: NoticeSettings, lang: Lang): PublicNotice {
  const t = T[lang];
  const date = (d: Date) => jstDate(d, lang);
  const paren = (x: string) => (lang === "ja" ? `（${x}）` : ` (${x})`);
  const quote = (x: string) => (lang === "ja" ? `「${x}」` : ` "${x}" `);
  const sections: NoticeSection[] = [];
  sections.push({
    id: "operator",
    heading: t.operator,
    blocks: [
      {
        dl: [
          [t.name, settings.operatorName],
          [t.address, settings.operatorAddress],
          [t.representative, settings.operatorRepresentative],
        ],
      },
    ],
  });
  sections.push({
    id: "purposes",
    heading: t.purposes,
    blocks: [
      { p: t.purposesIntro },
      {
        ul: facts.purposes.map((p) => `${p[lang]}${paren(`${t.items}: ${names(p.items, lang)}`)}`),
      },
    ],
  });
  sections.push({
    id: "entrustment",
    heading: t.entrustment,
    blocks:
      facts.entrustedWork.length > 0
        ? [{ p: t.entrustmentIntro }, { ul: facts.entrustedWork.map((w) => w[lang]) }]
        : [{ p: t.entrustmentNone }],
  });
  sections.push({
    id: "joint-use",
    heading: t.jointUse,
    blocks:
      facts.jointUses.length > 0
        ? [
            { p: t.jointUseIntro },
            ...facts.jointUses.map((j): Block => ({
              dl: [
                [t.jointUsers, j.jointUsers],
                [t.jointItems, names(j.items, lang)],
                [t.jointPurposes, names(j.purposes, lang)],
                [
                  t.responsible,
                  `${j.responsibleName} ${j.responsibleAddress} ${j.responsibleRepresentative}`,
                ],
                [t.since, date(j.effectiveFrom)],
              ],
            })),
          ]
        : [{ p: t.none }],
  });
  sections.push({
    id: "opt-out",
    heading: t.optOut,
    blocks:
      facts.optOuts.length > 0
        ? [
            { p: t.optOutIntro },
            ...facts.optOuts.map((o): Block => ({
              dl: [
                [t.recipient, o.recipient],
                [t.optOutPurpose, o.purposeStatement],
                [t.optOutItems, names(o.items, lang)],
                [t.optOutAcquisition, o.acquisitionMethod],
                [t.optOutMethod, o.provisionMethod],
                [t.optOutStop, t.optOutStopYes],
                [t.optOutRequest, o.requestMethod],
                [t.optOutUpdate, o.updateMethod],
                [t.optOutStart, date(o.startsAt)],
              ],
            })),
          ]
        : [{ p: t.none }],
  });
  sections.push({
    id: "foreign",
    heading: t.foreign,
    blocks:
      facts.foreign.length > 0
        ? [
            { p: t.foreignIntro },
            ...facts.foreign.map((f): Block => {
              const rows: [string, string][] = [
                [t.recipient, f.recipient],
                [t.country, f.country ? countryName(f.country, lang) : t.none],
              ];
              if (!f.country && f.countryUnknownReason) rows.push([t.countryUnknown, f.countryUnknownReason]);
              rows.push([
                t.system,
                f.protectionSystem === "EQUIVALENT" ? t.equivalent : (f.protectionSystem ?? t.route[f.route]),
              ]);
              rows.push([t.measures, f.recipientMeasures ?? t.route[f.route]]);
              return { dl: rows };
            }),
          ]
        : [{ p: t.none }],
  });
  sections.push({
    id: "requests",
    heading: t.requests,
    blocks: [
      { p: t.requestsIntro },
      {
        dl: [
          [t.procedure, settings.requestProcedure[lang]],
          [t.fee, t.feeText(settings.feeYen)],
        ],
      },
    ],
  });
  sections.push({ id: "contact", heading: t.contact, blocks: [{ p: settings.contact[lang] }] });
  const line = (h: NoticeFacts["history"][number]) =>
    `${date(h.date)} ${t.historyKinds[h.kind]}${quote(h.subject)}${t.version(h.version)}${paren(t.announced(date(h.announcedAt)))}`;
  const scheduled = facts.history.filter((h) => h.pending);
  if (scheduled.length > 0) {
    sections.push({
      id: "scheduled",
      heading: t.scheduled,
      blocks: [{ ul: scheduled.map(line) }],
    });
  }
  sections.push({
    id: "history",
    heading: t.history,
    blocks: [{ ul: facts.history.filter((h) => !h.pending).map(line) }],
  });
  return { lang, at: facts.at.toISOString(), title: t.title, sections };
}
