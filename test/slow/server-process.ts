/** Runs src/server.ts and the CLI as an operator would, as child processes, for the slow tests. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Every line written so far (stdout and stderr). */
  lines: string[];
  exited: Promise<number | null>;
  url(path?: string): string;
}

/** Starts a server on an ephemeral port; resolves once it listens, rejects if it exits first. */
export function startServer(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      TEIKYO_DEMO: "",
      TEIKYO_MIGRATE_ON_START: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start in time:\n${lines.join("\n")}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        lines.push(line);
        const port = /"port":(\d+)/.exec(line)?.[1];
        if (port && line.includes("Teikyo on")) {
          clearTimeout(timer);
          resolve({
            child,
            port: Number(port),
            lines,
            exited,
            url: (p = "/graphql") => `http://127.0.0.1:${port}${p}`,
          });
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${lines.join("\n")}`), { code, lines }));
    });
  });
}

export async function stopServer(
  server: ServerProcess,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<number | null> {
  server.child.kill(signal);
  return server.exited;
}

export function cli(env: Record<string, string>, ...args: string[]) {
  return promisify(execFile)("node_modules/.bin/tsx", ["src/cli.ts", ...args], {
    env: { ...process.env, ...env },
  });
}

/** A fresh PostgreSQL database beside the test one (its name gets a suffix); drop() removes it. */
export async function freshPostgres(testUrl: string, suffix: string) {
  const url = new URL(testUrl);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = new URL(testUrl);
  admin.pathname = "/postgres";
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export const isPostgres = (url: string) => /^postgres(ql)?:/.test(url);
