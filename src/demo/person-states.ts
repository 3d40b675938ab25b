/**
 * The demo world's notices and people in every state, so each rule can be tried from
 * GraphiQL. Deterministic by customer number:
 * - Aoba Life (consent, 27(1)): every 10th customer from C000001 consented, naming the
 *   health item; those from C000011 every 30th withdrew in May 2026.
 * - Northwind Ads (USA, route A): every 8th from C000003 consented on statement v1.
 * - Tokai Direct (opt-out): every 15th from C000007 opted out; every 50th from C000009
 *   was itself acquired by opt-out; C000999 was acquired improperly.
 * - Lumen Analytics (links cookie/device IDs, art. 31): pledges for every 4th customer.
 * - Suspension requests (35): C000005 stops all third-party provision; C000006 stops use
 *   for marketing; C000012 stops provision to Hayate Logistics.
 */
/** Version 1 of every demo purpose has this id, as the migration gives existing purposes. */
export const demoPurposeVersionId = (code: string) => `pv1-${code}`;

const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const id = (i: number) => `C${String(i).padStart(6, "0")}`;

export const DEMO_NOTICES = {
  jointUse: {
    recipientId: "minato-card",
    jointUsers: "株式会社ミナト・ライフスタイル and its subsidiary 株式会社ミナトカードサービス",
    items: [
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
    purposes: ["marketing"],
    responsibleName: "株式会社ミナト・ライフスタイル (Minato Lifestyle Co., Ltd.)",
    responsibleAddress: "東京都港区海岸1-1-1",
    responsibleRepresentative: "代表取締役社長 港 一郎",
    announcedAt: at("2024-03-01"),
    effectiveFrom: at("2024-03-01"),
  },
  optOut: {
    recipientId: "tokai-direct",
    providerName: "株式会社ミナト・ライフスタイル (Minato Lifestyle Co., Ltd.)",
    providerAddress: "東京都港区海岸1-1-1",
    providerRepresentative: "代表取締役社長 港 一郎",
    purposeStatement: "第三者（ダイレクトメール発送事業者）への提供を利用目的とします。",
    items: ["full_name", "postal_code", "prefecture", "address"],
    acquisitionMethod: "Registration on the company's online shop",
    provisionMethod: "Electronic list over an encrypted channel",
    stopOnRequest: true,
    requestMethod: "Web form at /privacy/opt-out or the privacy desk (03-0000-0000)",
    updateMethod: "Updated monthly from the customer database",
    notifiedAt: at("2025-01-10"),
    ppcFiledAt: at("2025-01-10"),
    startsAt: at("2025-02-15"),
    announcedAt: at("2025-01-10"),
  },
  conformingCheck: {
    recipientId: "pacific-crm",
    basis: "CBPR",
    checkedAt: at("2026-06-01"),
    nextCheckDue: at("2027-06-01"),
    findings: "APEC CBPR certification current; Singapore PDPA reviewed; no change affecting the measures.",
    measuresAssured: true,
  },
  foreignStatement: {
    id: "stmt-northwind-v1",
    recipientId: "northwind-ads",
    version: 1,
    country: "US",
    countryUnknownReason: null,
    protectionSystem:
      "The United States has no comprehensive federal privacy law; the FTC Act and state laws such as the CCPA apply. There is no independent data protection authority equivalent to the PPC.",
    recipientMeasures:
      "Northwind Ads uses the data only for ad delivery and measurement, encrypts it at rest, and deletes it 13 months after receipt.",
    publishedAt: at("2025-10-01"),
  },
};

export function demoPersonStates(count: number) {
  const consents: {
    id: string;
    personId: string;
    recipientId: string;
    purposeCode: string;
    purposeVersionId: string;
    allItems: boolean;
    foreignStatementId: string | null;
    givenAt: Date;
    method: string;
    evidenceRef: string;
    withdrawnAt: Date | null;
  }[] = [];
  const consentItems: { consentId: string; itemCode: string }[] = [];
  const optOutRequests: { personId: string; recipientId: string | null; receivedAt: Date }[] = [];
  const pledges: { recipientId: string; personId: string; pledgeRef: string; confirmedAt: Date }[] = [];
  const acquisition = new Map<string, "BY_OPT_OUT" | "IMPROPER">();
  for (let i = 1; i <= count; i++) {
    const person = id(i);
    if (i % 10 === 1) {
      const consentId = `consent-aoba-${person}`;
      consents.push({
        id: consentId,
        personId: person,
        recipientId: "aoba-life",
        purposeCode: "health_support",
        purposeVersionId: demoPurposeVersionId("health_support"),
        allItems: false,
        foreignStatementId: null,
        givenAt: at("2025-04-01"),
        method: "web form with the health item named",
        evidenceRef: `form-2025-${person}`,
        withdrawnAt: i % 30 === 11 ? at("2026-05-01") : null,
      });
      for (const itemCode of [
        "customer_id",
        "full_name",
        "email",
        "phone",
        "birth_date",
        "gender",
        "medical_note",
      ]) {
        consentItems.push({ consentId, itemCode });
      }
    }
    if (i % 8 === 3) {
      consents.push({
        id: `consent-northwind-${person}`,
        personId: person,
        recipientId: "northwind-ads",
        purposeCode: "advertising",
        purposeVersionId: demoPurposeVersionId("advertising"),
        allItems: true,
        foreignStatementId: DEMO_NOTICES.foreignStatement.id,
        givenAt: at("2025-11-01"),
        method: "cookie banner after the foreign-provision statement v1",
        evidenceRef: `banner-log-${person}`,
        withdrawnAt: null,
      });
    }
    if (i % 15 === 7)
      optOutRequests.push({ personId: person, recipientId: null, receivedAt: at("2025-06-01") });
    if (i % 50 === 9) acquisition.set(person, "BY_OPT_OUT");
    if (i % 4 === 0) {
      pledges.push({
        recipientId: "lumen-analytics",
        personId: person,
        pledgeRef: `LA-pledge-${person}`,
        confirmedAt: at("2025-08-01"),
      });
    }
  }
  if (count >= 999) acquisition.set(id(999), "IMPROPER");
  const suspensions = [
    {
      personId: id(5),
      scope: "THIRD_PARTY_PROVISION" as const,
      recipientId: null,
      purposeCode: null,
      reason: "Asked to stop all provision to third parties",
      receivedAt: at("2026-02-01"),
    },
    {
      personId: id(6),
      scope: "USE_FOR_PURPOSE" as const,
      recipientId: null,
      purposeCode: "marketing",
      reason: "No longer wishes to receive marketing",
      receivedAt: at("2026-03-01"),
    },
    {
      personId: id(12),
      scope: "THIRD_PARTY_PROVISION" as const,
      recipientId: "hayate-logistics",
      purposeCode: null,
      reason: "Complaint about a delivery driver",
      receivedAt: at("2026-04-01"),
    },
    // Every 100th person from C000013 asked not to be counted in statistics (35); one lifted it.
    ...Array.from({ length: Math.floor((count - 13) / 100) + 1 }, (_, n) => ({
      personId: id(13 + 100 * n),
      scope: "USE_FOR_PURPOSE" as const,
      recipientId: null,
      purposeCode: "statistics",
      reason: "Does not want their data used for statistics",
      receivedAt: at("2026-05-01"),
      liftedAt: n === 1 ? at("2026-06-01") : null,
    })),
  ];
  return { consents, consentItems, optOutRequests, pledges, acquisition, suspensions };
}
