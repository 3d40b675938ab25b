/**
 * Fuzzing the gateway with hostile GraphQL documents from partner keys (test/slow/fuzz-harness.ts
 * has the generators and the oracle; fuzz-requests.test.ts the rest of the HTTP surface).
 */
import { describe, it } from "vitest";
import { documentRequestArb, expectHealthy, fuzzSession, runs, SEED } from "./fuzz-harness.js";

describe("fuzzing the gateway", () => {
  const fuzz = fuzzSession();

  it("answers hostile GraphQL documents from partner keys cleanly, recording every person sent", async () => {
    await fuzz.check("documents", documentRequestArb, runs(400), SEED);
    // This file's database and modules are its own: check them here too.
    await expectHealthy(fuzz.db, fuzz.send);
  }, 120_000);
});
