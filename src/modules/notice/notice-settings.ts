/**
 * The matters of the public notice that are not policy versions but facts about the
 * business operator (art. 32): name, address, representative (TEIKYO_PROVIDER_*), how to
 * make disclosure and other requests, the fee, and the complaints contact. Demo values
 * unless set in the environment, like the provider facts partners confirm (art. 30).
 */
import { providerInfo } from "../../provider.js";

export interface NoticeSettings {
  operatorName: string;
  operatorAddress: string;
  operatorRepresentative: string;
  feeYen: number;
  /** Where and how requests under art. 33-35 are made (Japanese, English). */
  requestProcedure: { ja: string; en: string };
  /** The complaints contact (art. 40). */
  contact: { ja: string; en: string };
}

export function noticeSettings(env: NodeJS.ProcessEnv = process.env): NoticeSettings {
  const provider = providerInfo(env);
  return {
    operatorName: provider.name,
    operatorAddress: provider.address,
    operatorRepresentative: provider.representative,
    feeYen: Number(env.TEIKYO_DISCLOSURE_FEE_YEN ?? 1000),
    requestProcedure: {
      ja:
        env.TEIKYO_REQUEST_PROCEDURE_JA ??
        "下記お問い合わせ窓口に、所定の請求書とご本人確認書類（代理人による請求の場合は代理権を証する書面）をご提出ください。",
      en:
        env.TEIKYO_REQUEST_PROCEDURE_EN ??
        "Send the request form with proof of identity (and, for an agent, proof of authority) to the contact below.",
    },
    contact: {
      ja:
        env.TEIKYO_PRIVACY_CONTACT_JA ??
        "個人情報お問い合わせ窓口 privacy@example.com 電話 03-0000-0000（平日10時〜17時）",
      en:
        env.TEIKYO_PRIVACY_CONTACT_EN ??
        "Privacy desk, privacy@example.com, +81-3-0000-0000 (weekdays 10:00-17:00 JST)",
    },
  };
}
