/**
 * What the gateway logs: with logging on (as `npm start` runs), an unexpected error is
 * logged by its name and stack frames, never by a message that could quote a key, a
 * personal datum or a query variable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/db/client.js";
import { withSqlDriver } from "../../src/db/sql-driver.js";
import { createTeikyo } from "../../src/yoga.js";
import { demoKey, NOW, testDb } from "../helpers.js";

const hayate = demoKey("hayate-logistics");
const QUERY = `query($prefecture: String) {
  people(purpose: "delivery", first: 1, filter: { prefecture: $prefecture }) { edges { node { fullName } } }
}`;

/** A database whose people read fails the way a driver may: quoting the statement and its values. */
function failingDb(db: Db): Db {
  return withSqlDriver(db, (driver) => ({
    provider: driver.provider,
    all: async (statement) => {
      if (statement.label !== "person.page") return driver.all(statement);
      throw new Error(`Failed: ${statement.text} ${JSON.stringify(statement.params)} 阿部 修 ${hayate}`);
    },
  }));
}

describe("logging", () => {
  let logged: string[];

  beforeEach(() => {
    logged = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
  });
  afterEach(() => vi.restoreAllMocks());

  const post = async (db: Db) => {
    const yoga = createTeikyo({ db, clock: () => NOW, logging: true });
    const res = await yoga.fetch("http://teikyo.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hayate}` },
      body: JSON.stringify({ query: QUERY, variables: { prefecture: "東京都" } }),
    });
    return { status: res.status, text: await res.text() };
  };

  it("logs nothing for a request that succeeds", async () => {
    const res = await post(await testDb());
    expect(res.status).toBe(200);
    expect(logged).toEqual([]);
  });

  it("logs an unexpected error without its message: no key, no personal datum, no variable", async () => {
    const res = await post(failingDb(await testDb()));
    expect(JSON.parse(res.text)).toMatchObject({ data: null, errors: [{ message: "Unexpected error." }] });
    const output = logged.join("\n");
    // Where it failed, by name and frames (the people read runs inside its trace span).
    expect(output).toMatch(/^GraphQLError from Error\n\s+at .*\n(\s+at .*\n){0,3}\s+at findEligiblePeople /);
    for (const secret of [
      "DemoOnly-HayateLogistics",
      "tk_demohayate",
      "阿部",
      "東京都",
      "Person",
      "delivery",
    ]) {
      expect(output).not.toContain(secret);
      expect(res.text).not.toContain(secret);
    }
  });
});
