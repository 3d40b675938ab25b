/** Builds the GraphQL fields of a personal type from its item table (person-items.ts). */
import type { ObjectFieldBuilder, SchemaTypes } from "@pothos/core";
import type { ItemField } from "./person-items.js";

export function itemFields<Types extends SchemaTypes, Row extends object>(
  t: ObjectFieldBuilder<Types, Row>,
  defs: readonly ItemField[],
) {
  // The item table's kinds are scalar names Pothos checks at build time; the loose call
  // signature only avoids a type per row.
  const field = t.field.bind(t) as unknown as (options: object) => ReturnType<typeof t.string>;
  return Object.fromEntries(
    defs.map((d) => [
      d.field,
      field({
        type: d.kind,
        nullable: d.nullable ?? false,
        description: d.description,
        extensions: { dataItem: d.item },
        // The select only reads granted columns; the scope check guarantees only those are asked.
        resolve: (row: Row) => (row as Record<string, unknown>)[d.field],
      }),
    ]),
  );
}
