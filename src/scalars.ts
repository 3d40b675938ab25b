/** Date (YYYY-MM-DD), DateTime (ISO 8601) and JSON scalars. */
import { GraphQLError, Kind } from "graphql";
import { builder } from "./builder.js";

function parseDateTime(value: unknown, what: string): Date {
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`${what} must be an ISO 8601 string.`);
  return date;
}

builder.scalarType("DateTime", {
  description: "An ISO 8601 date and time, e.g. 2026-11-23T09:00:00.000Z.",
  serialize: (d) => d.toISOString(),
  parseValue: (v) => parseDateTime(v, "DateTime"),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null, "DateTime"),
});

function parseDate(value: unknown): Date {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new GraphQLError("Date must be a string YYYY-MM-DD.");
  }
  return parseDateTime(`${value}T00:00:00.000Z`, "Date");
}

builder.scalarType("Date", {
  description: "A calendar date, YYYY-MM-DD.",
  serialize: (d) => d.toISOString().slice(0, 10),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

builder.scalarType("JSON", {
  description: "A JSON value (audit snapshots).",
  serialize: (v) => v,
  parseValue: (v) => v,
});
