/** Recipient: an organisation that receives personal data, with its basis and scopes. */
import { builder } from "../../builder.js";
import type { Prisma } from "../../db/client.js";
import { ForeignRouteEnum, LegalBasisEnum } from "../catalog/enums.js";

export interface RecipientRow {
  id: string;
  name: string;
  address: string;
  representative: string;
  country: string;
  legalBasis: string;
  foreignRoute: string | null;
  contractRef: string;
  activeFrom: Date;
  activeUntil: Date | null;
  bulkRecording: boolean;
  myNumberTasks: boolean;
  purposes: { purposeCode: string }[];
  items: { purposeCode: string; itemCode: string }[];
}

export const RECIPIENT_INCLUDE = {
  purposes: { select: { purposeCode: true }, orderBy: { purposeCode: "asc" } },
  items: {
    select: { purposeCode: true, itemCode: true },
    orderBy: [{ purposeCode: "asc" }, { itemCode: "asc" }],
  },
} satisfies Prisma.RecipientInclude;

const RecipientScope = builder.objectRef<{ purpose: string; items: string[] }>("RecipientScope").implement({
  description: "The items a recipient may receive for one purpose.",
  fields: (t) => ({
    purpose: t.exposeString("purpose"),
    items: t.exposeStringList("items"),
  }),
});

export const RecipientRef = builder.objectRef<RecipientRow>("Recipient");

RecipientRef.implement({
  description: "An organisation that receives personal data, and on what legal basis.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    address: t.exposeString("address"),
    representative: t.exposeString("representative"),
    country: t.exposeString("country", { description: "ISO 3166-1 alpha-2." }),
    legalBasis: t.field({ type: LegalBasisEnum, resolve: (r) => r.legalBasis as never }),
    foreignRoute: t.field({
      type: ForeignRouteEnum,
      nullable: true,
      resolve: (r) => r.foreignRoute as never,
    }),
    contractRef: t.exposeString("contractRef", {
      description: "Entrustment contract or joint-use notice reference.",
    }),
    activeFrom: t.expose("activeFrom", { type: "DateTime" }),
    activeUntil: t.expose("activeUntil", { type: "DateTime", nullable: true }),
    bulkRecording: t.exposeBoolean("bulkRecording", {
      description: "Continuous provision is also recorded in bulk (R19(2)).",
    }),
    myNumberTasks: t.exposeBoolean("myNumberTasks", {
      description: "An entrustee doing My Number tasks: the only recipient of individual numbers.",
    }),
    purposes: t.stringList({
      description: "Purposes the contract or notice covers.",
      resolve: (r) => r.purposes.map((p) => p.purposeCode),
    }),
    scopes: t.field({
      type: [RecipientScope],
      resolve: (r) =>
        r.purposes.map((p) => ({
          purpose: p.purposeCode,
          items: r.items.filter((i) => i.purposeCode === p.purposeCode).map((i) => i.itemCode),
        })),
    }),
  }),
});
