// Prisma CLI configuration: the wasm schema engine through a driver adapter, so that
// generate and migrate deploy need no binary download (docs/decisions/0001).
// PRISMA_PROVIDER picks the composed schema when generating a client for the other
// database than the one DATABASE_URL names.
import { defineConfig } from "prisma/config";
import { adapterFor } from "./src/db/adapter.js";
import { databaseUrl, type Provider, providerOf } from "./src/db/database-url.js";

const PLACEHOLDER: Record<Provider, string> = {
  sqlite: "file:./data/teikyo.db",
  postgresql: "postgresql://localhost/teikyo",
};

const url = databaseUrl();
const requested = process.env.PRISMA_PROVIDER;
const provider: Provider = requested === "sqlite" || requested === "postgresql" ? requested : providerOf(url);
// The schema reads env("DATABASE_URL"); the CLI refuses a schema whose url is unset.
process.env.DATABASE_URL = providerOf(url) === provider ? url : PLACEHOLDER[provider];

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => adapterFor(process.env.DATABASE_URL ?? url),
});
