/** The key CLI as a user runs it: create a key, use it over HTTP, revoke it. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceTtlMs } from "../../src/cache/reference-cache.js";
import { client, databaseUrl, demoKey, testDb } from "../helpers.js";

const run = (...args: string[]) =>
  promisify(execFile)("node_modules/.bin/tsx", ["src/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl() },
    // An export holds every record this worker's database has collected from earlier files.
    maxBuffer: 256 * 1024 * 1024,
  });

// Each run starts a process that compiles and loads the CLI: seconds apiece on a busy machine.
const SPAWNING = { timeout: 120_000 };

describe("npm run teikyo -- keys", SPAWNING, () => {
  let gql: Awaited<ReturnType<typeof client>>;
  beforeAll(async () => {
    gql = await client({ clock: () => new Date() });
  });

  it("creates a partner key that works, lists it, and revokes it", async () => {
    const created = await run(
      "keys",
      "create",
      "--role",
      "partner",
      "--recipient",
      "hayate-logistics",
      "--label",
      "cli test",
    );
    const key = /tk_\S+/.exec(created.stdout)?.[0] as string;
    expect(key).toBeDefined();
    const id = key.split("_")[1] as string;
    const query = `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`;
    expect((await gql(key, query)).status).toBe(200);

    const listed = await run("keys", "list");
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key);

    await run("keys", "revoke", id);
    // The CLI is another process: a running gateway drops its cached key within the
    // reference TTL (2 s by default), like any other replica.
    const deadline = Date.now() + referenceTtlMs() + 500;
    let status = (await gql(key, query)).status;
    while (status !== 401 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await gql(key, query)).status;
    }
    expect(status).toBe(401);
  });

  it("refuses a partner key without a recipient, with a clear message", async () => {
    await expect(run("keys", "create", "--role", "partner", "--label", "x")).rejects.toMatchObject({
      stderr: expect.stringContaining("A partner key needs --recipient."),
    });
  });
});

describe("npm run teikyo -- (usage and mistakes)", SPAWNING, () => {
  it("prints usage for --help (exit 0) and refuses an unknown option or a past expiry without a stack trace (exit 2)", async () => {
    const help = await run("--help");
    expect(help.stdout).toContain("usage: npm run teikyo -- <command>");
    for (const args of [
      ["keys", "create", "--bogus"],
      ["keys", "create", "--role", "admin", "--label", "x", "--expires", "2020-01-01"],
    ]) {
      const failure = await run(...args).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).not.toMatch(/\n\s+at /);
    }
    const past = await run(
      "keys",
      "create",
      "--role",
      "admin",
      "--label",
      "x",
      "--expires",
      "2020-01-01",
    ).catch((error: { stderr: string }) => error);
    expect((past as { stderr: string }).stderr).toContain("--expires 2020-01-01 is in the past.");
  });

  it("reads --expires as a Japan date, valid through its end", async () => {
    const { stdout } = await run(
      "keys",
      "create",
      "--role",
      "admin",
      "--label",
      "jst test",
      "--expires",
      "2099-03-31",
    );
    expect(stdout).toContain("It expires at 2099-04-01 00:00 JST.");
    const id = /Created key (\S+)\./.exec(stdout)![1]!;
    await run("keys", "revoke", id);
  });
});

describe("npm run teikyo -- records export", () => {
  const failure = (...args: string[]) =>
    run(...args).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it(
    "refuses an unknown recipient, purpose or ground with a message and exit 2, writing no file",
    { timeout: 120_000 },
    async () => {
      for (const [args, message] of [
        [["--recipient", "no-such-recipient"], "--recipient no-such-recipient: no such recipient."],
        [["--purpose", "no_such_purpose"], "--purpose no_such_purpose: no such purpose."],
        [["--ground", "ENTRUSTEE"], '"ground" must be one of ENTRUSTMENT, JOINT_USE'],
        [["--from", "yesterday"], '"from" must be an ISO 8601 date'],
      ] as const) {
        const error = await failure("records", "export", "--format", "csv", ...args);
        expect(error?.code).toBe(2);
        expect(error?.stderr).toContain(message);
        expect(error?.stderr).not.toMatch(/\n\s+at /);
        expect(error?.stdout).toBe("");
      }
    },
  );

  // Three CLI processes: slow on a loaded machine.
  it(
    "writes CSV with a UTF-8 BOM, ISO 8601 times and Japan times, and reads dates as Japan dates",
    { timeout: 120_000 },
    async () => {
      // Two provisions by hayate: 23:00 JST on 22 November, and 01:00 JST on 23 November
      // (16:00 UTC on the 22nd, before midnight UTC).
      const db = await testDb();
      const provide = async (at: string) => {
        const gql = await client({ clock: () => new Date(at) });
        const res = await gql(
          demoKey("hayate-logistics"),
          `{ people(purpose: "delivery", first: 1) { edges { node { fullName } } } }`,
        );
        expect(res.status).toBe(200);
        const event = await db.provisionEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
        return event.id;
      };
      const before = await provide("2026-11-22T14:00:00Z");
      const after = await provide("2026-11-22T16:00:00Z");

      const { stdout } = await run(
        "records",
        "export",
        "--format",
        "csv",
        "--recipient",
        "hayate-logistics",
        "--ground",
        "ENTRUSTMENT",
        "--from",
        "2026-11-22",
      );
      expect(stdout.startsWith("\uFEFFeventId,providedAt,providedAtJst,")).toBe(true);
      const [header, ...rows] = stdout.slice(1).trim().split("\n");
      const columns = header!.split(",");
      const row = rows.map((r) => r.split(",")).find((r) => r[0] === after)!;
      expect(row[columns.indexOf("providedAt")]).toBe("2026-11-22T16:00:00.000Z");
      expect(row[columns.indexOf("providedAtJst")]).toBe("2026-11-23 01:00:00");

      // --from 2026-11-23 is midnight in Japan (15:00 UTC the day before).
      const since = await run(
        "records",
        "export",
        "--format",
        "json",
        "--recipient",
        "hayate-logistics",
        "--from",
        "2026-11-23",
      );
      const ids = new Set((JSON.parse(since.stdout) as { eventId: string }[]).map((e) => e.eventId));
      expect(ids.has(after)).toBe(true);
      expect(ids.has(before)).toBe(false);
    },
  );

  it("prints usage for --help after any command", { timeout: 120_000 }, async () => {
    for (const args of [
      ["records", "export", "--help"],
      ["keys", "create", "--help"],
      ["db", "migrate", "--help"],
    ]) {
      const { stdout } = await run(...args);
      expect(stdout).toContain("records export --format csv|json");
    }
  });
});
