import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Three projects, all run by `npm test`:
 * - unit: rule tables and pure modules; no database, parallel, seconds (`npm run test:unit`);
 * - e2e: yoga.fetch against a migrated, seeded database, one copy per worker so files
 *   run in parallel (test/global-setup.ts);
 * - slow: fuzz, concurrency, fault injection, browser; its own template and copies.
 * No sequence.groupOrder: vitest 4.1 then hands the same VITEST_POOL_ID to two workers of
 * the later group at once, and two files would share one database copy.
 * unit and e2e run without isolation (a worker keeps its loaded modules from file to file):
 * re-evaluating the gateway's module graph for every file was most of their time
 * (docs/decisions/0070-test-files-share-modules.md). slow stays isolated: its files start
 * processes, break adapters and fill disks.
 */
export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for yoga and Pothos; Vite would pick the .mjs
    // ("module" field) for our files, and two graphql instances cannot share a schema.
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    // vitest's default is one worker fewer than the cores (1 on a 2-core machine); the e2e
    // files mostly wait on their databases, so use every core.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/policy/**/*.test.ts", "test/unit/**/*.test.ts"],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          isolate: false,
          globalSetup: ["test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "slow",
          include: ["test/slow/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
        },
      },
    ],
  },
});
