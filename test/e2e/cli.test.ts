/** The key CLI as a user runs it: create a key, use it over HTTP, revoke it. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceTtlMs } from "../../src/cache/reference-cache.js";
import { client, databaseUrl } from "../helpers.js";

const run = (...args: string[]) =>
  promisify(execFile)("node_modules/.bin/tsx", ["src/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl() },
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
