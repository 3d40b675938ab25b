/** The demo company's recipients: at least one of every legal basis. All names are fictional. */
import type { ForeignRoute, LegalBasis } from "../policy/types.js";

export interface DemoRecipient {
  id: string;
  name: string;
  address: string;
  representative: string;
  country: string;
  legalBasis: LegalBasis;
  foreignRoute: ForeignRoute | null;
  contractRef: string;
  linksReferableData?: boolean;
  scopes: Record<string, string[]>;
}

export const DEMO_RECIPIENTS: DemoRecipient[] = [
  {
    id: "hayate-logistics",
    name: "株式会社ハヤテ物流 (Hayate Logistics Co., Ltd.)",
    address: "東京都江東区新木場2-8-1",
    representative: "代表取締役 速水 翔",
    country: "JP",
    legalBasis: "ENTRUSTEE",
    foreignRoute: null,
    contractRef: "業務委託契約 HL-2024-017 (delivery)",
    scopes: {
      delivery: [
        "customer_id",
        "full_name",
        "postal_code",
        "prefecture",
        "address",
        "phone",
        "order_history",
        "order_date",
        "order_product",
      ],
    },
  },
  {
    id: "kumo-support",
    name: "雲ソリューションズ株式会社 (Kumo Solutions Inc.)",
    address: "福岡県福岡市博多区博多駅前3-2-1",
    representative: "代表取締役 雲井 真理",
    country: "JP",
    legalBasis: "ENTRUSTEE",
    foreignRoute: null,
    contractRef: "コールセンター業務委託契約 KS-2023-004 (customer support)",
    scopes: {
      customer_support: [
        "customer_id",
        "full_name",
        "full_name_kana",
        "email",
        "phone",
        "order_history",
        "order_date",
        "order_product",
      ],
    },
  },
  {
    id: "minato-card",
    name: "株式会社ミナトカードサービス (Minato Card Service Co., Ltd.)",
    address: "東京都港区芝浦1-1-1",
    representative: "代表取締役社長 港 健一",
    country: "JP",
    legalBasis: "JOINT_USE",
    foreignRoute: null,
    contractRef: "共同利用に関する公表事項 2024-04-01版 (group marketing)",
    scopes: {
      marketing: [
        "customer_id",
        "full_name",
        "email",
        "prefecture",
        "birth_date",
        "gender",
        "membership_tier",
        "order_history",
        "order_date",
        "order_category",
        "order_amount",
      ],
    },
  },
  {
    id: "aoba-life",
    name: "アオバ生命保険株式会社 (Aoba Life Insurance Co., Ltd.)",
    address: "宮城県仙台市青葉区一番町4-6-1",
    representative: "代表取締役 青葉 誠",
    country: "JP",
    legalBasis: "THIRD_PARTY_CONSENT",
    foreignRoute: null,
    contractRef: "提携契約 AL-2025-002 (health support, consent-based)",
    scopes: {
      health_support: ["customer_id", "full_name", "email", "phone", "birth_date", "gender", "medical_note"],
    },
  },
  {
    id: "tokai-direct",
    name: "東海ダイレクトメール株式会社 (Tokai Direct Mail Co., Ltd.)",
    address: "愛知県名古屋市中区栄3-5-12",
    representative: "代表取締役 東 美香",
    country: "JP",
    legalBasis: "OPT_OUT",
    foreignRoute: null,
    contractRef: "オプトアウト届出 PPC受付 2025-000123",
    scopes: { mailing_list: ["full_name", "postal_code", "prefecture", "address"] },
  },
  {
    id: "minato-next",
    name: "株式会社ミナトネクスト (Minato Next Co., Ltd.)",
    address: "東京都港区海岸1-2-3",
    representative: "代表取締役 港 未来",
    country: "JP",
    legalBasis: "SUCCESSION",
    foreignRoute: null,
    contractRef: "吸収分割契約 2026-03 (EC business)",
    scopes: {
      business_succession: [
        "customer_id",
        "full_name",
        "email",
        "phone",
        "postal_code",
        "prefecture",
        "address",
        "membership_tier",
        "customer_since",
      ],
    },
  },
  {
    id: "northwind-ads",
    name: "Northwind Ads, Inc.",
    address: "500 Market Street, San Francisco, CA, USA",
    representative: "CEO Jordan Lee",
    country: "US",
    legalBasis: "THIRD_PARTY_CONSENT",
    foreignRoute: "CONSENT",
    contractRef: "Data Provision Agreement NA-2025-11 (advertising, consent route A)",
    scopes: {
      advertising: [
        "customer_id",
        "cookie_id",
        "device_id",
        "gender",
        "birth_date",
        "prefecture",
        "order_category",
      ],
    },
  },
  {
    id: "lumen-analytics",
    name: "Lumen Analytics GmbH",
    address: "Friedrichstraße 68, 10117 Berlin, Germany",
    representative: "Geschäftsführerin Anna Weber",
    country: "DE",
    // It matches our cookie and device IDs with its own data, so it is no entrustee (PPC Q&A 7-42):
    // a third party receiving on consent, in an equivalent country (route B).
    legalBasis: "THIRD_PARTY_CONSENT",
    foreignRoute: "EQUIVALENT_COUNTRY",
    contractRef: "Data sharing agreement LA-2025-07 (ad measurement on consent, route B)",
    linksReferableData: true,
    scopes: { advertising: ["customer_id", "cookie_id", "device_id", "order_category"] },
  },
  {
    id: "pacific-crm",
    name: "Pacific CRM Pte. Ltd.",
    address: "1 Raffles Place, Singapore 048616",
    representative: "Managing Director Wei Ling Tan",
    country: "SG",
    legalBasis: "ENTRUSTEE",
    foreignRoute: "CONFORMING_SYSTEM",
    contractRef: "Master Services Agreement PC-2024-03, APEC CBPR certified (route C)",
    scopes: {
      business_contact: ["customer_id", "full_name", "email", "phone", "company_name", "department"],
    },
  },

  {
    id: "tokyo-police",
    name: "警視庁 (Tokyo Metropolitan Police Department)",
    address: "東京都千代田区霞が関2-1-1",
    representative: "警視総監",
    country: "JP",
    legalBasis: "LEGAL_EXCEPTION",
    foreignRoute: null,
    contractRef: "Inquiries under the Code of Criminal Procedure art. 197(2), handled by compliance",
    scopes: { legal_request: ["customer_id", "full_name", "address", "phone", "email", "birth_date"] },
  },
];
