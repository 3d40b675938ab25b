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

describe("npm run teikyo -- keys", () => {
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
