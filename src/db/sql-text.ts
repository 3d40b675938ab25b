/**
 * Building one SQL statement for SQLite or PostgreSQL: placeholders with their values in
 * order, and the few expressions that differ (JSON in and out, instants). Values are bound,
 * never spliced into the text, so a statement's text depends only on its shape.
 */
import type { Provider } from "./database-url.js";

export class SqlText {
  readonly values: unknown[] = [];
  constructor(readonly provider: Provider) {}

  private get pg() {
    return this.provider === "postgresql";
  }

  /** A placeholder bound to `value`. */
  param(value: unknown): string {
    this.values.push(value);
    return this.pg ? `$${this.values.length}` : "?";
  }

  /** A placeholder for an instant, comparable with a DateTime column. */
  instant(at: Date): string {
    const p = this.param(at);
    return this.pg ? `CAST(${p} AS timestamp(3))` : p;
  }

  /** `column` is one of `values` (one bound list, whatever its length). */
  oneOf(column: string, values: readonly string[]): string {
    return this.pg
      ? `${column} = ANY(CAST(${this.param(values)} AS text[]))`
      : `${column} IN (SELECT value FROM json_each(${this.param(JSON.stringify(values))}))`;
  }

  /** The rows of a bound JSON array of objects, as a table `alias` with these columns. */
  rows(
    alias: string,
    rows: readonly Record<string, string | Date>[],
    columns: Record<string, "text" | "instant">,
  ): string {
    const json = JSON.stringify(
      rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v instanceof Date ? this.instantText(v) : v]),
        ),
      ),
    );
    const names = Object.keys(columns);
    if (this.pg) {
      const shape = names.map((n) => `"${n}" ${columns[n] === "instant" ? "timestamp(3)" : "text"}`);
      return `jsonb_to_recordset(CAST(${this.param(json)} AS jsonb)) AS ${alias}(${shape.join(", ")})`;
    }
    const fields = names.map((n) => `json_extract(value, '$.${n}') AS "${n}"`);
    return `(SELECT ${fields.join(", ")} FROM json_each(${this.param(json)})) AS ${alias}`;
  }

  /**
   * A JSON array of `value` over the rows of `from` ("[]" when none), in no set order: an
   * ORDER BY inside the aggregate cost PostgreSQL a sort per row (6 ms for 100 people).
   * SQLite's subquery answers plain text, which another JSON value would take as a string:
   * `json()` marks it as JSON again, unless it is a column the driver reads (`nested`
   * false), where that would only parse it once more (12% of a partner page).
   */
  jsonArray(value: string, from: string, nested = true): string {
    if (this.pg) return `(SELECT coalesce(json_agg(${value}), '[]'::json) FROM ${from})`;
    const array = `(SELECT json_group_array(${value}) FROM ${from})`;
    return nested ? `json(${array})` : array;
  }

  /** A JSON array of expressions: a row without its keys, read back by position. */
  jsonTuple(values: readonly string[]): string {
    return `${this.pg ? "json_build_array" : "json_array"}(${values.join(", ")})`;
  }

  /** A JSON object of named expressions. */
  jsonObject(fields: Record<string, string>): string {
    const args = Object.entries(fields).map(([k, v]) => `'${k}', ${v}`);
    return `${this.pg ? "json_build_object" : "json_object"}(${args.join(", ")})`;
  }

  private instantText(at: Date): string {
    const iso = at.toISOString();
    return this.pg ? iso.slice(0, -1) : iso.replace("Z", "+00:00");
  }
}

/** A JSON column as a value: PostgreSQL's driver parses json, SQLite gives its text. */
export const jsonOf = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);
