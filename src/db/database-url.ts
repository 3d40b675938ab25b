/** Which database a DATABASE_URL names. SQLite under ./data is the embedded default. */
export type Provider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/teikyo.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got a URL starting ${JSON.stringify(url.slice(0, 12))}`,
  );
}
