// i18next set up once: Japanese by default, English as a switch; dates always in JST.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { ja } from "./ja";

export type Language = "ja" | "en";

void i18next.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: "ja",
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const i18n = i18next;

const TZ = "Asia/Tokyo";

/** A date and time in Japan Standard Time, in the current language's format. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const locale = i18next.language === "en" ? "en-GB" : "ja-JP";
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
  return `${text} JST`;
}

/** A calendar date in JST. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const locale = i18next.language === "en" ? "en-GB" : "ja-JP";
  return new Intl.DateTimeFormat(locale, {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

/** A JST calendar day (YYYY-MM-DD) as the UTC instant it starts at, for API filters. */
export function jstDayStart(day: string): string {
  return new Date(`${day}T00:00:00+09:00`).toISOString();
}

/** Translates a code under a namespace, falling back to the code itself. */
export function label(ns: string, code: string | null | undefined): string {
  if (!code) return "—";
  const key = `${ns}.${code}`;
  return i18next.exists(key) ? i18next.t(key) : code;
}
