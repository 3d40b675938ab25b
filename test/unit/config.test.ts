/** The configuration schema: one clear line per bad variable, defaults by deployment, README in step. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkEnvironment, ConfigError, loadConfig, SETTINGS } from "../../src/config.js";

describe("configuration", () => {
  it("reports every bad variable on its own line, naming it and the rule", () => {
    const problems = checkEnvironment({
      DATABASE_POOL_SIZE: "abc",
      TEIKYO_DISCLOSURE_FEE_YEN: "abc",
      TEIKYO_REFERENCE_TTL_MS: "-1",
      TEIKYO_DEMO: "maybe",
      PORT: "70000",
    });
    expect(problems).toEqual([
      'PORT must be between 0 and 65535; got "70000".',
      'TEIKYO_DEMO must be on or off; got "maybe".',
      'DATABASE_POOL_SIZE must be a whole number; got "abc".',
      'TEIKYO_REFERENCE_TTL_MS must be between 0 and 3600000; got "-1".',
      'TEIKYO_DISCLOSURE_FEE_YEN must be a whole number; got "abc".',
    ]);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "abc" })).toThrow(ConfigError);
  });

  it("never echoes a secret setting's value", () => {
    const [line] = checkEnvironment({ DATABASE_URL: "mysql://root:hunter2@db/x" });
    expect(line).toBe(
      "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got a value of 25 characters.",
    );
    const [cursor] = checkEnvironment({ TEIKYO_CURSOR_KEY: "c2hvcnQ=" });
    expect(cursor).not.toContain("c2hvcnQ");
  });

  it("accepts the documented forms and leaves unset variables to their defaults", () => {
    expect(
      checkEnvironment({
        TEIKYO_DEMO: "OFF",
        TEIKYO_TRUST_PROXY: "2",
        TEIKYO_METRICS: "port:9464",
        TEIKYO_CURSOR_KEY: Buffer.alloc(32, 7).toString("base64"),
        PORT: "",
      }),
    ).toEqual([]);
  });

  it("fills the demo world and migrates on start only for the embedded default", () => {
    const embedded = loadConfig({});
    expect(embedded).toMatchObject({ embedded: true, demo: true, migrateOnStart: true, port: 4000 });
    const production = loadConfig({ DATABASE_URL: "postgresql://db/teikyo" });
    expect(production).toMatchObject({ embedded: false, demo: false, migrateOnStart: false });
    const asked = loadConfig({
      DATABASE_URL: "postgresql://db/teikyo",
      TEIKYO_DEMO: "on",
      TEIKYO_MIGRATE_ON_START: "on",
    });
    expect(asked).toMatchObject({ demo: true, migrateOnStart: true });
    expect(loadConfig({ TEIKYO_METRICS: "port:9464" }).metrics).toEqual({ port: 9464 });
    expect(loadConfig({}).metrics).toBe("admin");
  });

  it("traces are off unless TEIKYO_TRACES=otlp, and the collector's address is checked", () => {
    expect(loadConfig({}).traces).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).traces).toBeNull();
    expect(loadConfig({ TEIKYO_TRACES: "otlp" }).traces).toEqual({ serviceName: "teikyo" });
    expect(loadConfig({ TEIKYO_TRACES: "otlp", OTEL_SERVICE_NAME: "teikyo-eu" }).traces).toEqual({
      serviceName: "teikyo-eu",
    });
    expect(
      checkEnvironment({ TEIKYO_TRACES: "jaeger", OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }),
    ).toEqual([
      'TEIKYO_TRACES must be off or otlp; got "jaeger".',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL; got "collector:4318".',
    ]);
  });

  it("the README's configuration tables list exactly the variables of the schema", () => {
    const readme = readFileSync("README.md", "utf8");
    const documented = new Set<string>();
    for (const row of readme.split("\n").filter((l) => l.startsWith("| `"))) {
      const names = [...(row.split("|")[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
      const first = names[0] ?? "";
      // "`TEIKYO_PROVIDER_NAME`, `_ADDRESS`" abbreviates TEIKYO_PROVIDER_ADDRESS.
      const stem = first.slice(0, first.lastIndexOf("_"));
      for (const n of names) documented.add(n.startsWith("_") ? stem + n : n);
    }
    const known = Object.keys(SETTINGS).sort();
    expect([...documented].filter((n) => /^(TEIKYO_|DATABASE_|OTEL_|PORT$|HOST$)/.test(n)).sort()).toEqual(
      known,
    );
  });
});
