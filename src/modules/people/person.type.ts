/** Person: a data subject. Every field is a data item (person-items.ts). */
import { builder } from "../../builder.js";
import { itemFields } from "./item-fields.js";
import { OrderRef } from "./order.type.js";
import { ORDER_HISTORY_ITEM, PERSON_FIELDS } from "./person-items.js";

/** A person row as selected for a grant: only the granted columns are present. */
export type PersonRow = { id: string } & Record<string, unknown>;

export const PersonRef = builder.objectRef<PersonRow>("Person");

PersonRef.implement({
  description: "A customer (data subject). Every field is a personal data item.",
  extensions: { personalData: true },
  fields: (t) => ({
    ...itemFields(t, PERSON_FIELDS),
    orders: t.field({
      type: [OrderRef],
      description: "The person's orders, oldest first (data item order_history; each field is an item too).",
      extensions: { dataItem: ORDER_HISTORY_ITEM },
      resolve: (person, _args, ctx) => ctx.loaders.ordersByPerson.load(person.id),
    }),
  }),
});
