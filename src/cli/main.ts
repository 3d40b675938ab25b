/**
 * Teikyo's command line, callable in-process: `main(argv, io, env)` returns the exit code
 * and writes only through `io`, reads settings only from `env` (below it the database
 * adapter still reads its pool size and timeout from process.env), and closes the database
 * connection it opened, so it can run many times in one process (the tests do). The
 * script `src/cli.ts` (`npm run teikyo -- <command>`) calls it with the process's own.
 *   keys create --role partner|analytics|compliance|admin [--recipient ID] --label TEXT [--expires YYYY-MM-DD (Japan date, valid through that day)]
 *   keys revoke <key-id>
 *   keys list
 *   records verify [--since-checkpoint | --since CHECKPOINT|TIME|25h] | records checkpoint | records checkpoints | records public-key
 *   records purge
 *   records export --format csv|json [--person ID] [--recipient ID] [--purpose CODE] [--ground G] [--from DATE] [--to DATE]
 *   db migrate | db seed
 */
import { parseArgs } from "node:util";
import { checkEnvironment } from "../config.js";
import { createDb } from "../db/client.js";
import { databaseUrl } from "../db/database-url.js";
import { migrate } from "../db/migrate.js";
import { seedDemoWorld } from "../demo/seed.js";
import { CLI_ACTOR } from "../modules/audit/audit.js";
import type { Role } from "../modules/keys/authenticate.js";
import { createKey, KeyInputError, listKeys, revokeKey } from "../modules/keys/key-admin.js";
import { csvChunks, exportRows, jsonChunks } from "../modules/records/export-rows.js";
import { parseRecordFilter } from "../modules/records/records-filter.js";
import { purgeExpiredRecords } from "../modules/records/purge-records.js";
import {
  checkpointCommand,
  exportCheckpointsCommand,
  publicKeyCommand,
  verifyCommand,
} from "../modules/records/checkpoints/checkpoint-commands.js";
import { checkpointSettings } from "../modules/records/checkpoints/checkpoint-settings.js";
import { takeCheckpoint } from "../modules/records/checkpoints/take-checkpoint.js";

/** Where the CLI writes: process.stdout / process.stderr, or a buffer in the tests. */
export interface Output {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}
export interface CliIo {
  stdout: Output;
  stderr: Output;
}

const USAGE = `usage: npm run teikyo -- <command>
  keys create --role partner|analytics|compliance|admin [--recipient ID] --label TEXT [--expires YYYY-MM-DD (Japan date, valid through that day)]
  keys revoke <key-id>
  keys list
  records verify [--since-checkpoint | --since CHECKPOINT-FILE|ISO-TIME|DURATION (90m, 25h, 7d)]
  records checkpoint
  records checkpoints
  records public-key
  records purge
  records export --format csv|json [--person ID] [--recipient ID] [--purpose CODE] [--ground G] [--from DATE] [--to DATE]
      (DATE: YYYY-MM-DD or a timestamp, Japan time unless it has an offset; CSV in UTF-8 with a BOM)
  db migrate
  db seed`;

const ROLES = ["partner", "analytics", "compliance", "admin"];

/** Expected mistakes: a message and exit code 2, never a stack trace. */
class UsageError extends Error {}

/**
 * --expires: a date alone is a Japan date, valid through its end (the key expires at the
 * next midnight JST); a full timestamp keeps its own offset. The past is refused.
 */
function parseExpiry(raw: string, now = new Date()): Date {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(raw)
    ? new Date(new Date(`${raw}T00:00:00+09:00`).getTime() + 24 * 3600 * 1000)
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw)
      ? new Date(raw)
      : new Date(`${raw}+09:00`);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(
      `--expires must be a date (YYYY-MM-DD, Japan time) or an ISO timestamp; got ${raw}.`,
    );
  if (at <= now) throw new UsageError(`--expires ${raw} is in the past.`);
  return at;
}

const jst = (at: Date) =>
  `${new Date(at.getTime() + 9 * 3600 * 1000).toISOString().replace("T", " ").slice(0, 16)} JST`;

/**
 * Runs one command. Expected mistakes end with their message and exit code 2, anything
 * else with its name and message and exit code 1: never a stack trace (an operator reads
 * this, not a developer).
 */
export async function main(argv: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const out = (line: string) => void io.stdout.write(`${line}\n`);
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  try {
    return await run(argv, io, env, { out, err });
  } catch (error) {
    const expected =
      error instanceof KeyInputError || error instanceof RangeError || error instanceof UsageError;
    err(
      expected
        ? (error as Error).message
        : `${(error as Error).name ?? "Error"}: ${(error as Error).message ?? String(error)}`,
    );
    return expected ? 2 : 1;
  }
}

async function run(
  argv: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
  { out, err }: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  // src/cli.ts checked process.env already; a caller's own env is checked the same way.
  const problems = checkEnvironment(env);
  if (problems.length) {
    for (const line of problems) err(`Configuration error: ${line}`);
    return 2;
  }
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h") || argv[0] === "help") {
    out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: "string" },
        recipient: { type: "string" },
        label: { type: "string" },
        expires: { type: "string" },
        format: { type: "string" },
        person: { type: "string" },
        purpose: { type: "string" },
        ground: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "since-checkpoint": { type: "boolean" },
        since: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [group, command, arg] = positionals;
  const url = databaseUrl(env);
  const lines = { out, err };
  const checkpoints = () => checkpointSettings(env, !env.DATABASE_URL?.trim());
  if (group === "records" && command === "checkpoints") return exportCheckpointsCommand(checkpoints(), lines);
  if (group === "records" && command === "public-key") return publicKeyCommand(checkpoints(), lines);
  if (group === "db" && command === "migrate") {
    await migrate(url);
    out("Migrations applied.");
    return 0;
  }
  // Purges and exports may run long: no statement timeout for the CLI.
  const db = await createDb(url, { statementTimeoutMs: 0 });
  try {
    if (group === "db" && command === "seed") {
      out((await seedDemoWorld(db)) ? "Demo world written." : "Database not empty: nothing written.");
      return 0;
    }
    if (group === "keys" && command === "create") {
      if (!values.role || !ROLES.includes(values.role))
        throw new KeyInputError(`--role must be one of ${ROLES.join(", ")}.`);
      if (!values.label)
        throw new KeyInputError("--label is required (who holds the key, for the audit trail).");
      const { id, key } = await createKey(db, CLI_ACTOR, {
        role: values.role.toUpperCase() as Role,
        recipientId: values.recipient ?? null,
        label: values.label,
        expiresAt: values.expires ? parseExpiry(values.expires) : null,
      });
      out(`Created key ${id}. It is shown once; store it now:\n${key}`);
      if (values.expires) out(`It expires at ${jst(parseExpiry(values.expires))}.`);
      return 0;
    }
    if (group === "keys" && command === "revoke" && arg) {
      await revokeKey(db, CLI_ACTOR, arg);
      out(`Revoked key ${arg}.`);
      return 0;
    }
    if (group === "records" && command === "verify")
      return await verifyCommand(db, checkpoints(), lines, {
        sinceCheckpoint: values["since-checkpoint"],
        since: values.since,
      });
    if (group === "records" && command === "checkpoint")
      return await checkpointCommand(db, checkpoints(), lines);
    if (group === "records" && command === "purge") {
      const result = await purgeExpiredRecords(db, url, new Date(), "cli");
      out(`Purged ${result.count} provision event(s) past their retention date.`);
      // The new purge anchor is signed at once: an anchor no checkpoint signed is reported as fake.
      const settings = checkpoints();
      if (result.count > 0 && settings.key) await takeCheckpoint(db, settings.key, settings.sinks);
      return 0;
    }
    if (group === "records" && command === "export") {
      if (values.format !== "csv" && values.format !== "json")
        throw new KeyInputError("--format must be csv or json.");
      const filter = parseRecordFilter((name) => (values as Record<string, string | undefined>)[name]);
      // An unknown recipient would export an empty file that looks like "no provisions".
      if (filter.recipientId && !(await db.recipient.findUnique({ where: { id: filter.recipientId } })))
        throw new UsageError(`--recipient ${filter.recipientId}: no such recipient.`);
      if (filter.purpose && !(await db.purpose.findUnique({ where: { code: filter.purpose } })))
        throw new UsageError(`--purpose ${filter.purpose}: no such purpose.`);
      const rows = exportRows(db, filter);
      for await (const chunk of values.format === "csv" ? csvChunks(rows) : jsonChunks(rows)) {
        if (!io.stdout.write(chunk)) await new Promise<void>((r) => io.stdout.once("drain", r));
      }
      return 0;
    }
    if (group === "keys" && command === "list") {
      for (const k of await listKeys(db)) {
        const state = k.revokedAt
          ? `revoked ${k.revokedAt.toISOString()}`
          : k.expiresAt
            ? `expires ${k.expiresAt.toISOString()}`
            : "active";
        out([k.id, k.role, k.recipientId ?? "-", state, k.label].join("\t"));
      }
      return 0;
    }
    err(USAGE);
    return 2;
  } finally {
    await db.$disconnect();
  }
}
