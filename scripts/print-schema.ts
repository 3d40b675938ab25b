/** Writes the printed SDL to schema/schema.graphql (a test fails when it is stale). */
import { mkdirSync, writeFileSync } from "node:fs";
import { printedSchema } from "../src/schema.js";

mkdirSync("schema", { recursive: true });
writeFileSync("schema/schema.graphql", printedSchema());
console.log("wrote schema/schema.graphql");
