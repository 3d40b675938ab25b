/** Server configuration from the environment, with the defaults a first start needs. */
export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** Fill an empty database with the demo world (TEIKYO_DEMO=off to disable). */
  demo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, databaseUrl: string): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number; got ${env.PORT}.`);
  return {
    databaseUrl,
    port,
    host: env.HOST ?? "0.0.0.0",
    demo: !["off", "false", "0", "no"].includes((env.TEIKYO_DEMO ?? "on").toLowerCase()),
  };
}
