/**
 * The facts the public notice states, read from the policy versions in force at `at`:
 * purposes and their items, entrusted work, joint uses, opt-out provisions, foreign
 * recipients, and the history of changes (including changes announced for a later date).
 * Nothing here is written by hand: the notice says what the gateway enforces.
 */
import type { Db } from "../../db/client.js";
import { EQUIVALENT_COUNTRIES, HOME_COUNTRY } from "../../policy/foreign-countries.js";
import { checkInForce } from "../../policy/notices.js";
import { versionInForce } from "../../policy/versions.js";
import { loadCatalogVersions } from "../catalog/catalog-snapshot.js";
import { toJointUseVersion, toOptOutVersion } from "../recipients/recipient-context.js";

export interface Label {
  code: string;
  ja: string;
  en: string;
}

export interface NoticeFacts {
  at: Date;
  purposes: { code: string; ja: string; en: string; version: number; items: Label[] }[];
  /** Entrusted work: the purposes entrustees serve. */
  entrustedWork: Label[];
  jointUses: {
    version: number;
    jointUsers: string;
    items: Label[];
    purposes: Label[];
    responsibleName: string;
    responsibleAddress: string;
    responsibleRepresentative: string;
    effectiveFrom: Date;
  }[];
  optOuts: {
    recipient: string;
    version: number;
    purposeStatement: string;
    items: Label[];
    acquisitionMethod: string;
    provisionMethod: string;
    requestMethod: string;
    updateMethod: string;
    startsAt: Date;
  }[];
  foreign: {
    recipient: string;
    country: string | null;
    route: "CONSENT" | "EQUIVALENT_COUNTRY" | "CONFORMING_SYSTEM";
    protectionSystem: string | null;
    recipientMeasures: string | null;
    countryUnknownReason: string | null;
  }[];
  /** Versions announced up to `at`: in force, replaced, or announced for a later date. */
  history: {
    date: Date;
    announcedAt: Date;
    kind: "PURPOSE" | "ITEM_CLASS" | "JOINT_USE" | "OPT_OUT" | "FOREIGN";
    subject: string;
    version: number;
    pending: boolean;
  }[];
}

const active = (r: { activeFrom: Date; activeUntil: Date | null }, at: Date) =>
  r.activeFrom.getTime() <= at.getTime() &&
  (r.activeUntil === null || r.activeUntil.getTime() > at.getTime());

export async function loadNoticeFacts(db: Db, at: Date): Promise<NoticeFacts> {
  const catalog = await loadCatalogVersions(db);
  const label = (code: string): Label => {
    const l = catalog.labels.get(code);
    return { code, ja: l?.labelJa ?? code, en: l?.label ?? code };
  };
  const purposes: NoticeFacts["purposes"] = [];
  const purposeLabel = new Map<string, Label>();
  const history: NoticeFacts["history"] = [];
  const announced = (v: { announcedAt: Date }) => v.announcedAt.getTime() <= at.getTime();
  const pending = (from: Date) => from.getTime() > at.getTime();
  for (const [code, versions] of [...catalog.purposeVersions].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const v = versionInForce(versions, at);
    if (v) {
      purposes.push({
        code,
        ja: v.descriptionJa,
        en: v.description,
        version: v.version,
        items: v.items.map((i) => label(i.itemCode)),
      });
      purposeLabel.set(code, { code, ja: v.descriptionJa, en: v.description });
    }
    for (const pv of versions.filter(announced))
      history.push({
        date: pv.effectiveFrom,
        announcedAt: pv.announcedAt,
        kind: "PURPOSE",
        subject: pv.descriptionJa,
        version: pv.version,
        pending: pending(pv.effectiveFrom),
      });
  }
  for (const [code, versions] of catalog.classVersions) {
    for (const cv of versions.filter((c) => c.version > 1 && announced(c)))
      history.push({
        date: cv.effectiveFrom,
        announcedAt: cv.announcedAt,
        kind: "ITEM_CLASS",
        subject: `${label(code).ja}: ${cv.class}`,
        version: cv.version,
        pending: pending(cv.effectiveFrom),
      });
  }
  const pLabel = (code: string) => purposeLabel.get(code) ?? { code, ja: code, en: code };

  const recipients = await db.recipient.findMany({
    where: { legalBasis: { not: "LEGAL_EXCEPTION" } },
    include: {
      purposes: { select: { purposeCode: true } },
      jointUseNotices: { orderBy: { version: "asc" } },
      optOutNotices: { orderBy: { version: "asc" } },
      foreignStatements: { orderBy: { version: "asc" } },
      conformingChecks: true,
    },
    orderBy: { id: "asc" },
  });
  const entrusted = new Set<string>();
  const jointUses: NoticeFacts["jointUses"] = [];
  const optOuts: NoticeFacts["optOuts"] = [];
  const foreign: NoticeFacts["foreign"] = [];
  for (const r of recipients) {
    const joint = r.jointUseNotices.map(toJointUseVersion);
    const optOut = r.optOutNotices.map((n) => toOptOutVersion(n));
    for (const n of joint.filter(announced))
      history.push({
        date: n.effectiveFrom,
        announcedAt: n.announcedAt,
        kind: "JOINT_USE",
        subject: n.jointUsers,
        version: n.version,
        pending: pending(n.effectiveFrom),
      });
    for (const n of optOut.filter(announced))
      history.push({
        date: n.startsAt,
        announcedAt: n.announcedAt,
        kind: "OPT_OUT",
        subject: r.name,
        version: n.version,
        pending: pending(n.startsAt),
      });
    for (const s of r.foreignStatements.filter((s) => s.publishedAt.getTime() <= at.getTime()))
      history.push({
        date: s.publishedAt,
        announcedAt: s.publishedAt,
        kind: "FOREIGN",
        subject: r.name,
        version: s.version,
        pending: false,
      });
    if (!active(r, at)) continue;
    if (r.legalBasis === "ENTRUSTEE") for (const p of r.purposes) entrusted.add(p.purposeCode);
    if (r.legalBasis === "JOINT_USE") {
      const n = versionInForce(joint, at);
      if (n) jointUses.push({ ...n, items: n.items.map(label), purposes: n.purposes.map(pLabel) });
    }
    if (r.legalBasis === "OPT_OUT") {
      const n = versionInForce(optOut, at);
      if (n) optOuts.push({ ...n, recipient: r.name, items: n.items.map(label) });
    }
    if (r.country !== HOME_COUNTRY && r.foreignRoute) {
      const statement = r.foreignStatements.filter((s) => s.publishedAt.getTime() <= at.getTime()).at(-1);
      const check = checkInForce(r.conformingChecks, at) as (typeof r.conformingChecks)[number] | null;
      foreign.push({
        recipient: r.name,
        country: r.foreignRoute === "CONSENT" ? (statement?.country ?? null) : r.country,
        route: r.foreignRoute,
        protectionSystem:
          r.foreignRoute === "CONSENT"
            ? (statement?.protectionSystem ?? null)
            : r.foreignRoute === "EQUIVALENT_COUNTRY" && EQUIVALENT_COUNTRIES.has(r.country)
              ? "EQUIVALENT"
              : null,
        recipientMeasures:
          r.foreignRoute === "CONSENT"
            ? (statement?.recipientMeasures ?? null)
            : r.foreignRoute === "CONFORMING_SYSTEM"
              ? check
                ? `${check.basis}: ${check.findings}`
                : null
              : null,
        countryUnknownReason: statement?.countryUnknownReason ?? null,
      });
    }
  }
  history.sort((a, b) => a.date.getTime() - b.date.getTime() || a.kind.localeCompare(b.kind));
  return {
    at,
    purposes,
    entrustedWork: [...entrusted].sort().map(pLabel),
    jointUses,
    optOuts,
    foreign,
    history,
  };
}
