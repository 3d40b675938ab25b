/**
 * The CLI as a user runs it, a process per command (`npm run teikyo` runs the same
 * `node --import tsx src/cli.ts`): the script's exit codes, its output streams and a key
 * that works over HTTP once created and stops working once revoked. The commands' other
 * cases run in-process (cli.test.ts): a process costs seconds on a busy machine.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceTtlMs } from "../../src/cache/reference-cache.js";
import { client, databaseUrl } from "../helpers.js";

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
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
});

describe("npm run teikyo -- (usage and mistakes)", SPAWNING, () => {
  it("prints usage for --help (exit 0) and refuses an unknown option or a past expiry without a stack trace (exit 2)", async () => {
    const help = await run("--help");
    expect(help.stdout).toContain("usage: npm run teikyo -- <command>");
    const failures = [];
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
      failures.push(failure);
    }
    expect(failures[1]?.stderr).toContain("--expires 2020-01-01 is in the past.");
  });
});
