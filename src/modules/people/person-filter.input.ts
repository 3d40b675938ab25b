/** Filters on people; each is a data item, checked like a selected field. */
import { builder } from "../../builder.js";

export const PersonFilter = builder.inputType("PersonFilter", {
  description:
    "Narrow the people returned. Filtering on an item reveals it, so each needs that item in scope.",
  fields: (t) => ({
    prefecture: t.string({ required: false, extensions: { dataItem: "prefecture" } }),
    membershipTier: t.string({ required: false, extensions: { dataItem: "membership_tier" } }),
  }),
});
