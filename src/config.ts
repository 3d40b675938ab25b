/**
 * Every setting Teikyo reads from the environment, in one zod schema, validated at start
 * (server and CLI) before anything else runs: a bad value stops the process with one line
 * per bad variable instead of a NaN or a negative TTL surfacing later as a 500. The README's
 * configuration tables are checked against SETTINGS by a test.
 */
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/database-url.js";

const SWITCH_ON = ["on", "true", "yes", "1"];
const SWITCH_OFF = ["off", "false", "no", "0"];

const onOff = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => SWITCH_ON.includes(v) || SWITCH_OFF.includes(v), "must be on or off")
  .transform((v) => SWITCH_ON.includes(v));

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const text = z.string().trim().min(1, "must not be empty");

const databaseUrl = text.refine(
  (v) => /^postgres(ql)?:\/\//.test(v) || v.startsWith("file:"),
  "must start with file: (SQLite) or postgresql:// (PostgreSQL)",
);

const cursorKey = text.refine(
  (v) => Buffer.from(v, "base64").length === 32,
  "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
);

const trustProxy = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => [...SWITCH_ON, ...SWITCH_OFF].includes(v) || /^[1-9]\d*$/.test(v),
    "must be on, off or a number of proxies",
  );

const metrics = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => ["off", "admin"].includes(v) || /^port:\d{1,5}$/.test(v),
    "must be off, admin or port:<number>",
  );

const traces = z.enum(["off", "otlp"], "must be off or otlp");

const httpUrl = text.refine((v) => /^https?:\/\/[^\s]+$/.test(v), "must be an http:// or https:// URL");

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

interface Setting {
  schema: z.ZodType;
  /** The default as the README states it. */
  default: string;
  /** Never echoed back in an error (it may hold a password or a key). */
  secret?: boolean;
}

/** Every environment variable Teikyo reads. Unset (or empty) means the default. */
export const SETTINGS = {
  DATABASE_URL: { schema: databaseUrl, default: DEFAULT_DATABASE_URL, secret: true },
  PORT: { schema: int(0, 65535), default: "4000" },
  HOST: { schema: text, default: "0.0.0.0" },
  TEIKYO_DEMO: { schema: onOff, default: "on without DATABASE_URL, else off" },
  TEIKYO_MIGRATE_ON_START: { schema: onOff, default: "on without DATABASE_URL, else off" },
  TEIKYO_CURSOR_KEY: { schema: cursorKey, default: "random per process", secret: true },
  DATABASE_POOL_SIZE: { schema: int(1, 1000), default: "10" },
  TEIKYO_DB_TIMEOUT_MS: { schema: int(100, 600_000), default: "10000" },
  TEIKYO_REFERENCE_TTL_MS: { schema: int(0, 3_600_000), default: "2000" },
  TEIKYO_SHUTDOWN_GRACE_MS: { schema: int(0, 600_000), default: "10000" },
  TEIKYO_LOG_LEVEL: { schema: logLevel, default: "info" },
  TEIKYO_METRICS: { schema: metrics, default: "admin" },
  TEIKYO_TRACES: { schema: traces, default: "off" },
  // Read by the OpenTelemetry exporter itself (standard names); checked here like the rest.
  OTEL_EXPORTER_OTLP_ENDPOINT: { schema: httpUrl, default: "http://localhost:4318" },
  OTEL_EXPORTER_OTLP_HEADERS: { schema: text, default: "none", secret: true },
  OTEL_SERVICE_NAME: { schema: text, default: "teikyo" },
  TEIKYO_PROVIDER_NAME: { schema: text, default: "the demo company" },
  TEIKYO_PROVIDER_ADDRESS: { schema: text, default: "the demo company" },
  TEIKYO_PROVIDER_REPRESENTATIVE: { schema: text, default: "the demo company" },
  TEIKYO_PROVIDER_ACQUISITION: { schema: text, default: "the demo company" },
  TEIKYO_DISCLOSURE_FEE_YEN: { schema: int(0, 1_000_000), default: "1000" },
  TEIKYO_DISCLOSE_ALL_PROVISIONS: { schema: onOff, default: "on" },
  TEIKYO_STATISTICS_K: { schema: int(2), default: "10" },
  TEIKYO_STATISTICS_PERTURBATION: { schema: onOff, default: "on" },
  TEIKYO_STATISTICS_PURPOSE: { schema: text, default: "statistics" },
  TEIKYO_STATISTICS_TIERS: { schema: text, default: "the demo's" },
  TEIKYO_STATISTICS_CATEGORIES: { schema: text, default: "the demo's" },
  TEIKYO_STATISTICS_FIRST_CUSTOMER_YEAR: { schema: int(1900, 9999), default: "2000" },
  TEIKYO_DP_ORDER_COUNT_CAP: { schema: int(1), default: "20" },
  TEIKYO_DP_ORDER_AMOUNT_CAP: { schema: int(1), default: "300000" },
  TEIKYO_RATE_LIMIT_PER_KEY: { schema: int(1), default: "600" },
  TEIKYO_PEOPLE_LIMIT_PER_KEY: { schema: int(1), default: "20000" },
  TEIKYO_CONCURRENT_PER_KEY: { schema: int(1, 10_000), default: "4" },
  TEIKYO_AUTH_FAILURES_PER_IP: { schema: int(1), default: "20" },
  TEIKYO_TRUST_PROXY: { schema: trustProxy, default: "off" },
  TEIKYO_OPT_OUT_WAITING_DAYS: { schema: int(0, 365), default: "14" },
  TEIKYO_PRIVACY_CONTACT_JA: { schema: text, default: "the demo company's" },
  TEIKYO_PRIVACY_CONTACT_EN: { schema: text, default: "the demo company's" },
  TEIKYO_REQUEST_PROCEDURE_JA: { schema: text, default: "the demo company's" },
  TEIKYO_REQUEST_PROCEDURE_EN: { schema: text, default: "the demo company's" },
  TEIKYO_RECORD_CHAINS: { schema: int(1, 1024), default: "1" },
  TEIKYO_CHECKPOINT_KEY: { schema: text, default: "none (embedded: made under ./data)", secret: true },
  TEIKYO_CHECKPOINT_KEY_FILE: { schema: text, default: "none" },
  TEIKYO_CHECKPOINT_DIR: { schema: text, default: "./data/checkpoints when embedded, else none" },
  TEIKYO_CHECKPOINT_LOG: { schema: onOff, default: "off" },
  TEIKYO_CHECKPOINT_INTERVAL_S: { schema: int(1, 86_400), default: "60" },
  TEIKYO_CHECKPOINT_TRUSTED_KEYS: { schema: text, default: "none" },
  TEIKYO_REDIS_URL: {
    schema: text.regex(/^rediss?:\/\//, "must start with redis://"),
    default: "none",
    secret: true,
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** One line per bad variable; the value is quoted unless the setting is secret. */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, Setting][]) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) continue;
    const why = parsed.error.issues[0]?.message ?? "is invalid";
    const got = setting.secret ? `a value of ${raw.length} characters` : JSON.stringify(raw);
    problems.push(`${name} ${why}; got ${got}.`);
  }
  return problems;
}

/** Throws a ConfigError listing every bad variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const problems = checkEnvironment(env);
  if (problems.length) throw new ConfigError(problems);
}

/** Server configuration, after validateEnvironment. */
export interface Config {
  databaseUrl: string;
  /** No DATABASE_URL: the embedded SQLite database under ./data. */
  embedded: boolean;
  port: number;
  host: string;
  /** Fill an empty database with the demo world. */
  demo: boolean;
  /** Apply migrations before listening. */
  migrateOnStart: boolean;
  shutdownGraceMs: number;
  /** GET /metrics: off, for admin keys on the main port, or open on a port of its own. */
  metrics: "off" | "admin" | { port: number };
  /** OpenTelemetry traces exported over OTLP/HTTP, or null (off). */
  traces: { serviceName: string } | null;
}

function value<N extends SettingName>(
  env: NodeJS.ProcessEnv,
  name: N,
): z.output<(typeof SETTINGS)[N]["schema"]> | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return SETTINGS[name].schema.parse(raw) as z.output<(typeof SETTINGS)[N]["schema"]>;
}

function metricsSetting(raw: string): Config["metrics"] {
  const port = /^port:(\d+)$/.exec(raw)?.[1];
  return port ? { port: Number(port) } : (raw as "off" | "admin");
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  validateEnvironment(env);
  const given = value(env, "DATABASE_URL");
  const embedded = given === undefined;
  return {
    databaseUrl: given ?? DEFAULT_DATABASE_URL,
    embedded,
    port: value(env, "PORT") ?? 4000,
    host: value(env, "HOST") ?? "0.0.0.0",
    demo: value(env, "TEIKYO_DEMO") ?? embedded,
    migrateOnStart: value(env, "TEIKYO_MIGRATE_ON_START") ?? embedded,
    shutdownGraceMs: value(env, "TEIKYO_SHUTDOWN_GRACE_MS") ?? 10_000,
    metrics: metricsSetting(value(env, "TEIKYO_METRICS") ?? "admin"),
    traces:
      value(env, "TEIKYO_TRACES") === "otlp"
        ? { serviceName: value(env, "OTEL_SERVICE_NAME") ?? "teikyo" }
        : null,
  };
}
