/**
 * Starts the gateway: check the configuration, migrate (embedded default or when asked),
 * fill the demo world (embedded default or TEIKYO_DEMO=on), listen, and on SIGTERM/SIGINT
 * drain: stop accepting, let in-flight requests finish and their records commit, close.
 */
import "./check-environment.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import closeWithGrace from "close-with-grace";
import { loadConfig } from "./config.js";
import { createDb } from "./db/client.js";
import { prepareRecordWriting } from "./modules/records/write-provisions.js";
import { providerOf } from "./db/database-url.js";
import { migrate } from "./db/migrate.js";
import { pendingMigrations } from "./db/migration-status.js";
import { startPartitionsAhead } from "./db/record-partitions.js";
import { DEMO_KEYS, demoKeyString } from "./demo/keys.js";
import { seedDemoWorld } from "./demo/seed.js";
import { refusalLogSettled } from "./modules/refusals/use-refusal-log.js";
import { checkpointSettings } from "./modules/records/checkpoints/checkpoint-settings.js";
import { startCheckpointing } from "./modules/records/checkpoints/take-checkpoint.js";
import { assignStatisticsKeys } from "./modules/statistics/statistics-keys.js";
import { healthRoutes, type Lifecycle } from "./observability/health.js";
import { drainable } from "./http-drain.js";
import { createLogger } from "./observability/logger.js";
import { createMetrics } from "./observability/metrics.js";
import { createTraceExport } from "./observability/tracing.js";
import { createTeikyo } from "./yoga.js";

const config = loadConfig(process.env);
const log = createLogger();
const provider = providerOf(config.databaseUrl);

if (config.migrateOnStart) {
  await migrate(config.databaseUrl);
  log.info({ provider }, "migrations applied");
}
const db = await createDb(config.databaseUrl);
const pending = await pendingMigrations(db);
if (pending.length) {
  log.fatal(
    { pending },
    "the database lacks migrations: run `npm run teikyo -- db migrate` (or set TEIKYO_MIGRATE_ON_START=on)",
  );
  await db.$disconnect();
  process.exit(1);
}
if (config.demo && (await seedDemoWorld(db))) log.info("filled the empty database with the demo world");
const keyed = await assignStatisticsKeys(db);
if (keyed > 0) log.info({ people: keyed }, "gave people their secret statistics key");

// On PostgreSQL, the record tables' months ahead: made at start and daily (decision 0066).
const stopPartitionsAhead =
  provider === "postgresql"
    ? startPartitionsAhead(db, (error) =>
        log.error(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          "making the record tables' next months failed (records still go to the default partition)",
        ),
      )
    : () => {};

// Signed checkpoints of the record chain, written outside the database.
const checkpoints = checkpointSettings(process.env, config.embedded);
const stopCheckpointing = checkpoints.key
  ? startCheckpointing(db, checkpoints.key, checkpoints.sinks, {
      intervalMs: checkpoints.intervalMs,
      onError: (error) =>
        log.error(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          "checkpoint failed",
        ),
    })
  : async () => {};
if (!checkpoints.key)
  log.warn(
    "no checkpoint signing key (TEIKYO_CHECKPOINT_KEY_FILE): records verify cannot detect a truncated or restored record log",
  );

const demoKeys = config.demo
  ? await db.apiKey.findMany({ where: { id: { in: DEMO_KEYS.map((k) => k.id) }, revokedAt: null } })
  : [];
if (!config.demo && (await db.apiKey.count({ where: { role: "ADMIN", revokedAt: null } })) === 0) {
  log.warn(
    'no admin key yet: create one with `npm run teikyo -- keys create --role admin --label "<who holds it>"`',
  );
}
// On SQLite the record thread starts now, not on the first partner request (decision 0089).
await prepareRecordWriting(db);
const hayate = DEMO_KEYS[0];
const lifecycle: Lifecycle = { draining: false };
const metrics = config.metrics === "off" ? undefined : createMetrics();
const traces = config.traces ? createTraceExport(config.traces.serviceName) : undefined;
if (traces) log.info("traces: exporting OTLP to OTEL_EXPORTER_OTLP_ENDPOINT");
const teikyo = createTeikyo({
  db,
  log,
  tracerProvider: traces?.provider,
  metrics: metrics && { metrics, serveToAdmins: config.metrics === "admin" },
  routes: [...healthRoutes(db, lifecycle)],
  checkpoints,
  graphiqlHeaders:
    demoKeys.length && hayate ? { Authorization: `Bearer ${demoKeyString(hayate)}` } : undefined,
});
const server = createServer(teikyo);
const drain = drainable(server);

// TEIKYO_METRICS=port:N: metrics alone, open, on a port of their own (keep it internal).
const metricsPort = typeof config.metrics === "object" ? config.metrics.port : null;
const metricsServer =
  metrics && metricsPort !== null
    ? createServer((req, res) => {
        if (req.url !== "/metrics") return void res.writeHead(404).end();
        void metrics.registry.metrics().then((body) => {
          res.writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" });
          res.end(body);
        });
      }).listen(metricsPort, config.host, () => log.info({ port: metricsPort }, "metrics on /metrics"))
    : null;

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  log.info({ port, provider }, `Teikyo on http://localhost:${port}/graphql`);
  if (demoKeys.length) {
    // Plain text on purpose: a person reads these (local demo only; their secrets are public).
    console.log("Demo keys (local demo only):");
    for (const k of DEMO_KEYS.filter((d) => demoKeys.some((r) => r.id === d.id))) {
      console.log(`  ${k.role.padEnd(10)} ${(k.recipientId ?? "").padEnd(17)} ${demoKeyString(k)}`);
    }
  }
});

// A drain bounded by TEIKYO_SHUTDOWN_GRACE_MS: past it, close-with-grace exits with code 1.
closeWithGrace({ delay: config.shutdownGraceMs, logger: false }, async ({ signal, err }) => {
  if (err) log.error({ err: { name: err.name } }, "stopping after an uncaught error");
  log.info({ signal }, "draining: no new connections; finishing in-flight requests");
  lifecycle.draining = true;
  // Resolves once every in-flight request has been answered (their records are committed
  // before their answers leave) and every connection has closed (src/http-drain.ts).
  await drain.drain();
  // Refusals answered during the drain are still being logged beside their answers.
  await refusalLogSettled();
  metricsServer?.close();
  await teikyo.dispose();
  // Spans of the last requests still go out; a collector that is down cannot hold the stop.
  await traces?.shutdown().catch(() => {});
  await stopCheckpointing();
  stopPartitionsAhead();
  await db.$disconnect();
  log.info("stopped");
});
