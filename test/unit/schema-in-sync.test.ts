/** The committed SDL and the composed Prisma schemas must match the code. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composedSchema, PROVIDERS, schemaPath } from "../../scripts/prisma-compose.js";
import { printedSchema } from "../../src/schema.js";

describe("generated files in sync", () => {
  it("schema/schema.graphql is the printed schema (run npm run schema:print)", () => {
    expect(readFileSync("schema/schema.graphql", "utf8")).toBe(printedSchema());
  });

  it.each(PROVIDERS)(
    "prisma/%s/schema.prisma is composed from the datamodel (run npm run db:compose)",
    (provider) => {
      expect(readFileSync(schemaPath(provider), "utf8")).toBe(composedSchema(provider));
    },
  );
});
