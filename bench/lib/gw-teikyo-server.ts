/**
 * Teikyo as the benchmark runs it: src/yoga.ts's createTeikyo over an existing, migrated
 * and seeded database, listening with node:http, as src/server.ts does but without
 * migrating, seeding or printing demo keys. The parent sets the per-key rate limits high
 * so that the load itself is not rate-limited (the limiter still runs on every request).
 */
import { createTeikyo } from "../../src/yoga.js";
import { benchDb } from "./gw-counting-db.js";
import { serve, serverOptions } from "./gw-server-child.js";

const options = serverOptions();
if (!options.url) throw new Error("gw-teikyo-server: no database URL");
const db = await benchDb(options.url, options.count === true);
const yoga = createTeikyo({ db, logging: false, compiledExecution: options.interpreted !== true });
serve(yoga, { count: options.count, close: () => db.$disconnect() });
