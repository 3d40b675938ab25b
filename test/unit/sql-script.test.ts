/**
 * Migration scripts on PostgreSQL are split into statements outside quotes, comments and
 * dollar-quoted bodies (src/db/sql-script.ts), so a PL/pgSQL function can live in a
 * migration; every migration without such a body splits exactly as PrismaPg's split at
 * every `;` did, so applied migrations keep their statements.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitSqlScript } from "../../src/db/sql-script.js";

const naive = (script: string) =>
  script
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function migrations(provider: string): [string, string][] {
  const dir = join("prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [e.name, readFileSync(join(dir, e.name, "migration.sql"), "utf8")]);
}

describe("splitSqlScript", () => {
  it("splits every migration without a dollar-quoted body as PrismaPg did", () => {
    // PostgreSQL's only: SQLite's adapter runs a script whole.
    const plain = migrations("postgresql").filter(([, sql]) => !sql.includes("$$"));
    expect(plain.length).toBeGreaterThan(10);
    for (const [name, sql] of plain) expect(splitSqlScript(sql), name).toEqual(naive(sql));
  });

  it("keeps a function body, quoted semicolons and commented ones inside their statement", () => {
    const script = `-- a comment; with a semicolon
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  RETURN 2;
END
$$;
CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$;
SELECT 'x;y', "odd;name" /* c; d */ FROM t;
SELECT $1::int;`;
    expect(splitSqlScript(script)).toEqual([
      `-- a comment; with a semicolon\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 2;\nEND\n$$`,
      `CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$`,
      `SELECT 'x;y', "odd;name" /* c; d */ FROM t`,
      `SELECT $1::int`,
    ]);
  });

  it("splits the record function's migration into its two functions", () => {
    const [, sql] = migrations("postgresql").find(([name]) => name.endsWith("_provision_append_function"))!;
    const statements = splitSqlScript(sql);
    expect(statements.map((s) => /CREATE OR REPLACE FUNCTION (\w+)/.exec(s)?.[1])).toEqual([
      "teikyo_chain_hash",
      "teikyo_append_provisions",
    ]);
  });

  it("keeps the second version of the record function in one statement", () => {
    const [, sql] = migrations("postgresql").find(([name]) => name.endsWith("_provision_append_v2"))!;
    const statements = splitSqlScript(sql);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      /CREATE OR REPLACE FUNCTION teikyo_append_provisions\(\s*p_chain integer, p_events text\[\]/,
    );
    expect(statements[0]!.trimEnd()).toMatch(/END\n\$\$$/);
  });
});
