/**
 * The CLI's commands, run in this process through `main` (src/cli/main.ts) with this
 * worker's database: the output and exit code the script would give. The script itself,
 * as a separate process, is tested in cli-process.test.ts.
 */
import { describe, expect, it } from "vitest";
import { main, type Output } from "../../src/cli/main.js";
import { client, databaseUrl, demoKey, testDb } from "../helpers.js";

function buffer(): Output & { text: string } {
  return {
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
    once() {
      return this;
    },
  };
}

/** Like a process run by execFile: resolves on exit code 0, else rejects with code and output. */
async function run(...args: string[]) {
  const stdout = buffer();
  const stderr = buffer();
  // The environment is passed, never edited: files of this worker share process.env.
  const code = await main(args, { stdout, stderr }, { ...process.env, DATABASE_URL: databaseUrl() });
  const result = { code, stdout: stdout.text, stderr: stderr.text };
  if (code !== 0) throw Object.assign(new Error(`exit ${code}: ${stderr.text}`), result);
  return result;
}

describe("npm run teikyo -- keys", () => {
  it("refuses a partner key without a recipient, with a clear message", async () => {
    await expect(run("keys", "create", "--role", "partner", "--label", "x")).rejects.toMatchObject({
      stderr: expect.stringContaining("A partner key needs --recipient."),
    });
  });
});

describe("npm run teikyo -- (usage and mistakes)", () => {
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

  it("refuses an unknown recipient, purpose or ground with a message and exit 2, writing no file", async () => {
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
  });

  it("writes CSV with a UTF-8 BOM, ISO 8601 times and Japan times, and reads dates as Japan dates", async () => {
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
  });

  it("prints usage for --help after any command", async () => {
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
