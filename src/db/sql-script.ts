/**
 * Splits a SQL script into statements at the semicolons that end them: not those inside
 * quoted strings or identifiers, comments, or dollar-quoted bodies (a PL/pgSQL function).
 * A script with none of those splits exactly as PrismaPg's own split at every `;` did, so
 * migrations applied before keep their statements.
 */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const at = script.indexOf(end, from);
    return at < 0 ? script.length : at + end.length;
  };
  while (i < script.length) {
    const c = script[i]!;
    if (c === "'" || c === '"') {
      // A doubled quote inside is two quoted runs back to back: the same result.
      i = skipTo(c, i + 1);
    } else if (c === "-" && script[i + 1] === "-") {
      i = skipTo("\n", i + 2);
    } else if (c === "/" && script[i + 1] === "*") {
      i = skipTo("*/", i + 2);
    } else if (c === "$" && !/[A-Za-z0-9_$]/.test(script[i - 1] ?? " ")) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i))?.[0];
      i = tag ? skipTo(tag, i + tag.length) : i + 1;
    } else if (c === ";") {
      statements.push(script.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  statements.push(script.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
