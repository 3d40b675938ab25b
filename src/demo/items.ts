/** The demo company's data item catalog: every field of Person and Order. */
import type { DataItemClass } from "../policy/types.js";

export const DEMO_ITEMS: { code: string; label: string; labelJa: string; class: DataItemClass }[] = [
  { code: "customer_id", label: "Customer number", labelJa: "顧客番号", class: "ORDINARY" },
  { code: "full_name", label: "Full name", labelJa: "氏名", class: "ORDINARY" },
  { code: "full_name_kana", label: "Full name (kana)", labelJa: "氏名（カナ）", class: "ORDINARY" },
  { code: "email", label: "Email address", labelJa: "メールアドレス", class: "ORDINARY" },
  { code: "phone", label: "Telephone number", labelJa: "電話番号", class: "ORDINARY" },
  { code: "postal_code", label: "Postal code", labelJa: "郵便番号", class: "ORDINARY" },
  { code: "prefecture", label: "Prefecture", labelJa: "都道府県", class: "ORDINARY" },
  { code: "address", label: "Address", labelJa: "住所", class: "ORDINARY" },
  { code: "birth_date", label: "Date of birth", labelJa: "生年月日", class: "ORDINARY" },
  { code: "gender", label: "Gender", labelJa: "性別", class: "ORDINARY" },
  { code: "company_name", label: "Employer", labelJa: "勤務先", class: "ORDINARY" },
  { code: "department", label: "Department", labelJa: "部署", class: "ORDINARY" },
  { code: "membership_tier", label: "Membership tier", labelJa: "会員ランク", class: "ORDINARY" },
  { code: "customer_since", label: "Customer since", labelJa: "登録日", class: "ORDINARY" },
  { code: "cookie_id", label: "Cookie ID", labelJa: "Cookie ID", class: "PERSONALLY_REFERABLE" },
  { code: "device_id", label: "Device ID", labelJa: "端末識別子", class: "PERSONALLY_REFERABLE" },
  { code: "last_ip", label: "IP address", labelJa: "IPアドレス", class: "PERSONALLY_REFERABLE" },
  { code: "medical_note", label: "Health information", labelJa: "健康に関する情報", class: "SENSITIVE" },
  {
    code: "drivers_license_number",
    label: "Driver's licence number",
    labelJa: "運転免許証番号",
    class: "IDENTIFICATION_CODE",
  },
  {
    code: "order_history",
    label: "Order history (existence and count)",
    labelJa: "購買履歴",
    class: "ORDINARY",
  },
  { code: "order_date", label: "Order date", labelJa: "注文日時", class: "ORDINARY" },
  { code: "order_product", label: "Product ordered", labelJa: "注文商品", class: "ORDINARY" },
  { code: "order_category", label: "Product category", labelJa: "商品カテゴリ", class: "ORDINARY" },
  { code: "order_amount", label: "Order amount", labelJa: "注文金額", class: "ORDINARY" },
];
