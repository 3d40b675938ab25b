/**
 * Builds the compliance console: typed operations from schema/schema.graphql (GraphQL Code
 * Generator), then Vite into dist/console. `--if-stale` (what `npm start` runs) skips the
 * build when dist/console is newer than every console source, the schema and the lockfile.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILT = join(ROOT, "dist/console/index.html");

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "gql" && name !== "node_modules")
    .reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

function stale(): boolean {
  if (!existsSync(BUILT)) return true;
  const sources = Math.max(
    newest(join(ROOT, "console")),
    newest(join(ROOT, "schema/schema.graphql")),
    newest(join(ROOT, "package-lock.json")),
  );
  return sources > statSync(BUILT).mtimeMs;
}

if (process.argv.includes("--if-stale") && !stale()) process.exit(0);

const bin = (name: string) => join(ROOT, "node_modules/.bin", name);
console.log("Building the compliance console (dist/console)...");
execFileSync(bin("graphql-codegen"), ["--config", "console/codegen.ts", "--silent"], {
  cwd: ROOT,
  stdio: "inherit",
});
execFileSync(bin("vite"), ["build", "--config", "console/vite.config.ts", "--logLevel", "warn"], {
  cwd: ROOT,
  stdio: "inherit",
});
