/**
 * Applies the committed migrations with `prisma migrate deploy` (wasm schema engine,
 * no download). Used on start and by the test setup.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { providerOf } from "./database-url.js";
import { applyPostgresGuards } from "./postgres-guards.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

export async function migrate(url: string): Promise<void> {
  const prisma = join(root, "node_modules", ".bin", "prisma");
  try {
    await promisify(execFile)(prisma, ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`Database migration failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  if (providerOf(url) === "postgresql") await applyPostgresGuards(url);
}
