/** Starts the gateway: migrate, fill the demo world on first start, listen. */
import { createServer } from "node:http";
import { loadConfig } from "./config.js";
import { createDb } from "./db/client.js";
import { databaseUrl, providerOf } from "./db/database-url.js";
import { migrate } from "./db/migrate.js";
import { DEMO_KEYS, demoKeyString } from "./demo/keys.js";
import { seedDemoWorld } from "./demo/seed.js";
import { checkpointSettings } from "./modules/records/checkpoints/checkpoint-settings.js";
import { startCheckpointing } from "./modules/records/checkpoints/take-checkpoint.js";
import { assignStatisticsKeys } from "./modules/statistics/statistics-keys.js";
import { createTeikyo } from "./yoga.js";

const config = loadConfig(process.env, databaseUrl());
await migrate(config.databaseUrl);
const db = await createDb(config.databaseUrl);
if (config.demo && (await seedDemoWorld(db))) console.log("Filled the empty database with the demo world.");
const keyed = await assignStatisticsKeys(db);
if (keyed > 0) console.log(`Gave ${keyed} people their secret statistics key.`);

// Signed checkpoints of the record chain, written outside the database.
const checkpoints = checkpointSettings(process.env, !process.env.DATABASE_URL?.trim());
const stopCheckpointing = checkpoints.key
  ? startCheckpointing(db, checkpoints.key, checkpoints.sinks, {
      intervalMs: checkpoints.intervalMs,
      onError: (error) => console.error(`Checkpoint failed: ${(error as Error).message}`),
    })
  : async () => {};
if (!checkpoints.key)
  console.warn(
    "No checkpoint signing key (TEIKYO_CHECKPOINT_KEY_FILE): records verify cannot detect a truncated or restored record log.",
  );

const demoKeys = config.demo
  ? await db.apiKey.findMany({ where: { id: { in: DEMO_KEYS.map((k) => k.id) }, revokedAt: null } })
  : [];
const hayate = DEMO_KEYS[0];
const yoga = createTeikyo({
  db,
  logging: true,
  graphiqlHeaders:
    demoKeys.length && hayate ? { Authorization: `Bearer ${demoKeyString(hayate)}` } : undefined,
});
const server = createServer(yoga);

server.listen(config.port, config.host, () => {
  console.log(`Teikyo on http://localhost:${config.port}/graphql (${providerOf(config.databaseUrl)})`);
  if (demoKeys.length) {
    console.log("Demo keys (local demo only):");
    for (const k of DEMO_KEYS.filter((d) => demoKeys.some((r) => r.id === d.id))) {
      console.log(`  ${k.role.padEnd(10)} ${(k.recipientId ?? "").padEnd(17)} ${demoKeyString(k)}`);
    }
  }
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void stopCheckpointing()
      .then(() => db.$disconnect())
      .finally(() => process.exit(0));
  });
}
