/**
 * Fixed demo API keys, printed by `npm start` and listed in the README. For a local demo
 * only: the seed writes them only into a database it fills with the demo world.
 */
import type { Role } from "../modules/keys/authenticate.js";

export const DEMO_ANALYTICS_KEY_ID = "demoanalytics";

export interface DemoKey {
  id: string;
  secret: string;
  role: Role;
  recipientId: string | null;
  label: string;
}

const partner = (id: string, recipientId: string, secret: string): DemoKey => ({
  id,
  secret,
  role: "PARTNER",
  recipientId,
  label: `demo ${recipientId}`,
});

export const DEMO_KEYS: DemoKey[] = [
  partner("demohayate", "hayate-logistics", "DemoOnly-HayateLogistics"),
  partner("demokumo", "kumo-support", "DemoOnly-KumoSupport0000"),
  partner("demominato", "minato-card", "DemoOnly-MinatoCardJoint"),
  partner("demoaoba", "aoba-life", "DemoOnly-AobaLifeConsent"),
  partner("demotokai", "tokai-direct", "DemoOnly-TokaiDirectOptOut"),
  partner("demonext", "minato-next", "DemoOnly-MinatoNextSuccess"),
  partner("demonorthwind", "northwind-ads", "DemoOnly-NorthwindAdsUS00"),
  partner("demolumen", "lumen-analytics", "DemoOnly-LumenAnalyticsDE"),
  partner("demopacific", "pacific-crm", "DemoOnly-PacificCrmSG0000"),
  {
    id: DEMO_ANALYTICS_KEY_ID,
    secret: "DemoOnly-AnalyticsTeam00",
    role: "ANALYTICS",
    recipientId: null,
    label: "demo analytics",
  },
  {
    id: "democompliance",
    secret: "DemoOnly-ComplianceOffice",
    role: "COMPLIANCE",
    recipientId: null,
    label: "demo compliance",
  },
  {
    id: "demoadmin",
    secret: "DemoOnly-Administrator000",
    role: "ADMIN",
    recipientId: null,
    label: "demo admin",
  },
];

export function demoKeyString(key: DemoKey): string {
  return `tk_${key.id}_${key.secret}`;
}
