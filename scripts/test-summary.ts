/**
 * Reads vitest's JSON reports (one per database) and prints, for each database, the tests
 * and the time of each project (unit, e2e, slow: wall time from its first file's start to its
 * last file's end) and the name and first message line of each failed test, so that the
 * tail of a CI log says what failed, then the closing line CI counts: "N passed, N failed[, N skipped]".
 * Usage: tsx scripts/test-summary.ts <dir> sqlite postgresql
 */
import fs from "node:fs";
import path from "node:path";

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    status: string;
    startTime: number;
    endTime: number;
    message?: string;
    assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}

const [dir = ".", ...databases] = process.argv.slice(2);
const projectOf = (file: string) =>
  /\/test\/slow\//.test(file) ? "slow" : /\/test\/e2e\//.test(file) ? "e2e" : "unit";
const firstLine = (text: string | undefined) => (text ?? "").split("\n")[0]!.slice(0, 300);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const db of databases) {
  const file = path.join(dir, `${db}.json`);
  if (!fs.existsSync(file)) {
    console.log(`${db}: no report (the run did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
  const projects = new Map<string, { start: number; end: number; tests: number }>();
  for (const result of report.testResults) {
    const name = projectOf(result.name);
    const p = projects.get(name) ?? { start: Infinity, end: 0, tests: 0 };
    p.start = Math.min(p.start, result.startTime);
    p.end = Math.max(p.end, result.endTime);
    p.tests += result.assertionResults.length;
    projects.set(name, p);
  }
  const times = ["unit", "e2e", "slow"]
    .filter((name) => projects.has(name))
    .map((name) => {
      const p = projects.get(name)!;
      return `${name} ${p.tests} tests in ${((p.end - p.start) / 1000).toFixed(1)} s`;
    });
  console.log(
    `${db}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${times.join("; ")})`,
  );
  // A file that failed to load has no failed test of its own: count it once.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
  ).length;
  for (const result of report.testResults) {
    const where = path.relative(process.cwd(), result.name);
    for (const a of result.assertionResults.filter((t) => t.status === "failed")) {
      console.log(`  FAILED ${where} > ${a.fullName}`);
      console.log(`    ${firstLine(a.failureMessages?.[0])}`);
    }
    if (result.status === "failed" && !result.assertionResults.some((t) => t.status === "failed")) {
      console.log(`  FAILED ${where} (did not load)`);
      console.log(`    ${firstLine(result.message)}`);
    }
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenFiles;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (passed === 0) process.exit(1);
