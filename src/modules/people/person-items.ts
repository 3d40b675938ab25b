/**
 * Each personal field of Person and Order, the data item it is, and the column behind
 * it. The GraphQL fields, the scope check and the database select all read this table,
 * so a field cannot be served without being a catalogued item.
 */
export type FieldKind = "String" | "Date" | "DateTime" | "Int";

export interface ItemField {
  field: string;
  item: string;
  kind: FieldKind;
  nullable?: boolean;
  description: string;
}

export const PERSON_FIELDS = [
  { field: "id", item: "customer_id", kind: "String", description: "Customer number." },
  { field: "fullName", item: "full_name", kind: "String", description: "Full name (氏名)." },
  { field: "fullNameKana", item: "full_name_kana", kind: "String", description: "Full name in katakana." },
  { field: "email", item: "email", kind: "String", description: "Email address." },
  { field: "phone", item: "phone", kind: "String", description: "Telephone number." },
  { field: "postalCode", item: "postal_code", kind: "String", description: "Postal code (郵便番号)." },
  { field: "prefecture", item: "prefecture", kind: "String", description: "Prefecture (都道府県)." },
  { field: "address", item: "address", kind: "String", description: "Address after the prefecture." },
  { field: "birthDate", item: "birth_date", kind: "Date", description: "Date of birth." },
  { field: "gender", item: "gender", kind: "String", description: "Gender as the person gave it." },
  {
    field: "companyName",
    item: "company_name",
    kind: "String",
    nullable: true,
    description: "Employer (B2B contacts).",
  },
  {
    field: "department",
    item: "department",
    kind: "String",
    nullable: true,
    description: "Department (B2B contacts).",
  },
  { field: "membershipTier", item: "membership_tier", kind: "String", description: "Membership tier." },
  {
    field: "customerSince",
    item: "customer_since",
    kind: "Date",
    description: "Date the person became a customer.",
  },
  { field: "cookieId", item: "cookie_id", kind: "String", description: "Web cookie identifier (art. 31)." },
  { field: "deviceId", item: "device_id", kind: "String", description: "App device identifier (art. 31)." },
  { field: "lastIp", item: "last_ip", kind: "String", description: "Last IP address seen (art. 31)." },
  {
    field: "medicalNote",
    item: "medical_note",
    kind: "String",
    nullable: true,
    description: "Health information (要配慮個人情報, art. 2(3)).",
  },
  {
    field: "driversLicenseNumber",
    item: "drivers_license_number",
    kind: "String",
    nullable: true,
    description: "Driver's licence number (個人識別符号, CO 1).",
  },
] as const satisfies readonly ItemField[];

/** Person.orders is itself an item (that and how many orders exist); each Order field is one too. */
export const ORDER_HISTORY_ITEM = "order_history";

export const ORDER_FIELDS = [
  { field: "orderedAt", item: "order_date", kind: "DateTime", description: "When the order was placed." },
  { field: "product", item: "order_product", kind: "String", description: "Product ordered." },
  { field: "category", item: "order_category", kind: "String", description: "Product category." },
  { field: "amount", item: "order_amount", kind: "Int", description: "Amount in yen, tax included." },
] as const satisfies readonly ItemField[];

export type PersonColumn = (typeof PERSON_FIELDS)[number]["field"];
export type OrderColumn = (typeof ORDER_FIELDS)[number]["field"];

/** Prisma `select` for the person columns a grant's items need (plus the id, for loaders). */
export function personSelect(items: ReadonlySet<string>): Record<string, true> {
  const select: Record<string, true> = { id: true };
  for (const f of PERSON_FIELDS) if (items.has(f.item)) select[f.field] = true;
  return select;
}
