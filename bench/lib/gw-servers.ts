/**
 * Starts benchmark servers as child processes (node --import tsx, an IPC channel), so
 * that the load generator in bench/run.ts never shares a process or an event loop with
 * the server it measures. Each server listens on 127.0.0.1, on any free port or on the next
 * one from BENCH_PORT_BASE.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { nextListenPort } from "./bench-env.js";
import type { FromServer, ServerOptions, ServerStats, ToServer } from "./gw-server-child.js";

const bench = join(dirname(fileURLToPath(import.meta.url)), "..");

export const SERVER_FILES = {
  teikyo: join(bench, "lib", "gw-teikyo-server.ts"),
  control: join(bench, "control-server.ts"),
  peer: join(bench, "lib", "gw-peer-server.ts"),
  calibration: join(bench, "lib", "gw-calibration-servers.ts"),
} as const;

export interface ServerSpec {
  /** A label for tables and errors, e.g. "teikyo (postgresql)". */
  name: string;
  file: keyof typeof SERVER_FILES;
  options?: ServerOptions;
  /** Extra arguments after the options (the calibration server's name). */
  args?: string[];
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv?: string[];
}

export interface ServerHandle {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** performance.now() when the process was forked. */
  forkedAt: number;
  /** Milliseconds from fork to listening. */
  listeningMs: number;
  stats(reset?: boolean): Promise<ServerStats>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 120_000;

/**
 * The node flags `npm start` runs the server with (package.json, decision 0091), so Teikyo
 * is measured as it ships. The control and the peer run with Node's defaults, as a user's
 * own server would.
 */
export function teikyoNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(bench, "..", "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const match = /\bnode((?: --[\w-]+(?:=\S+)?)*) --import tsx src\/server\.ts/.exec(pkg.scripts.start ?? "");
  if (!match)
    throw new Error("package.json: the start script no longer runs node ... --import tsx src/server.ts");
  return (match[1] ?? "").trim().split(" ").filter(Boolean);
}

export async function startServer(spec: ServerSpec): Promise<ServerHandle> {
  const forkedAt = performance.now();
  const child: ChildProcess = fork(
    SERVER_FILES[spec.file],
    [JSON.stringify(spec.options ?? {}), ...(spec.args ?? [])],
    {
      execArgv: [
        ...(spec.file === "teikyo" ? teikyoNodeFlags() : []),
        ...(spec.execArgv ?? []),
        "--import",
        "tsx",
      ],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // BENCH_PORT_BASE: consecutive ports, for machines where only some may be opened.
      env: { ...process.env, BENCH_LISTEN_PORT: String(nextListenPort()) },
    },
  );
  let nextId = 1;
  const pending = new Map<number, (stats: ServerStats | undefined) => void>();
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      exited = true;
      for (const resolveReply of pending.values()) resolveReply(undefined);
      pending.clear();
      resolve(code);
    }),
  );
  const ready = new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.name}: not listening after ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    child.on("message", (raw) => {
      const message = raw as FromServer;
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve({ port: message.port, pid: message.pid });
      } else if (message.type === "reply") {
        pending.get(message.id)?.(message.stats);
        pending.delete(message.id);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name}: exited with code ${String(code)} before listening`));
    });
  });
  const { port, pid } = await ready;
  const listeningMs = performance.now() - forkedAt;

  const ask = (type: ToServer["type"]) =>
    new Promise<ServerStats | undefined>((resolve, reject) => {
      if (exited) return reject(new Error(`${spec.name}: the server has exited`));
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, type } satisfies ToServer);
    });

  return {
    name: spec.name,
    pid,
    url: `http://127.0.0.1:${port}/graphql`,
    forkedAt,
    listeningMs,
    async stats(reset = false) {
      const stats = await ask(reset ? "reset" : "stats");
      if (!stats) throw new Error(`${spec.name}: no stats`);
      return stats;
    },
    async stop() {
      if (exited) return;
      await ask("close").catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Stops every server, even when some fail to. */
export async function stopAll(servers: Iterable<ServerHandle | undefined>): Promise<void> {
  await Promise.all([...servers].map((s) => s?.stop().catch(() => undefined)));
}
