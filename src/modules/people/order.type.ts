/** Order: one purchase; every field is a data item. */
import { builder } from "../../builder.js";
import { itemFields } from "./item-fields.js";
import type { OrderRow } from "./loaders.js";
import { ORDER_FIELDS } from "./person-items.js";

export const OrderRef = builder.objectRef<OrderRow>("Order");

OrderRef.implement({
  description: "An order placed by a person. Every field is a personal data item.",
  extensions: { personalData: true },
  fields: (t) => itemFields(t, ORDER_FIELDS),
});
