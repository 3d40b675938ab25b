/**
 * The CLI and the server writing one SQLite file at once: `keys create` runs while partner
 * queries (which write provision records) and admin mutations run, and every one of them
 * succeeds (immediate transactions with a busy timeout instead of SQLITE_BUSY_SNAPSHOT).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { client, databaseUrl, demoKey } from "../helpers.js";

const url = databaseUrl();
const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: url },
  });

describe.runIf(url.startsWith("file:"))("SQLite with concurrent writers", { timeout: 300_000 }, () => {
  it("keys create from the CLI and the server's writes all succeed together", async () => {
    // The load runs as fast as the machine allows on a real clock for as long as the CLI
    // takes: a fast or a slow machine sends a key more than its 600 requests a minute. This
    // test is about SQLite's locks, so the rate limits are out of its way.
    const gql = await client({
      clock: () => new Date(),
      rateLimits: {
        perKey: { points: 1_000_000, durationSeconds: 60 },
        peoplePerKey: { points: 100_000_000, durationSeconds: 60 },
      },
    });
    const hayate = demoKey("hayate-logistics");
    const admin = demoKey("admin");
    const before = await gql(admin, `{ recipients { id address } }`);
    const address = (before.body.data?.recipients as { id: string; address: string }[]).find(
      (r) => r.id === "kumo-support",
    )!.address;
    let running = true;
    const statuses: number[] = [];
    const load = async () => {
      while (running) {
        const query = await gql(
          hayate,
          `{ people(purpose: "delivery", first: 20) { edges { node { fullName } } } }`,
        );
        const mutation = await gql(
          admin,
          `mutation($a: String!) { updateRecipient(id: "kumo-support", change: { address: $a }) { id } }`,
          { a: address },
        );
        statuses.push(query.status, mutation.status);
        // In-process fetch over synchronous SQLite never waits on I/O: yield to timers and
        // the CLI's process events, as a real server's sockets would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const loads = [load(), load(), load()];
    const created: string[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const { stdout } = await cli(
          "keys",
          "create",
          "--role",
          "partner",
          "--recipient",
          "hayate-logistics",
          "--label",
          `concurrent ${i}`,
        );
        created.push(/Created key (\S+)\./.exec(stdout)![1]!);
      }
    } finally {
      running = false;
      await Promise.all(loads);
    }
    expect(created).toHaveLength(4);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const id of created) await cli("keys", "revoke", id);
  });
});
