/**
 * HTTP load from this process (autocannon's programmatic API) against a server in another
 * process, with the server's memory sampled while the load runs. A round with any error,
 * timeout or non-2xx answer fails the benchmark: its numbers would not measure the server.
 * Latencies are each response's own time in fractional milliseconds: autocannon's histogram
 * keeps whole milliseconds, which at 40-50 ms moves a p50 ratio by up to 2.5%.
 */
import autocannon, { type Result } from "autocannon";
import { postgresCpuMicros } from "./gw-db-cpu.js";
import type { ServerHandle } from "./gw-servers.js";
import { median, quantile } from "./gw-stats.js";

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Requests per second over the round. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  /** The server's resident set size, bytes: the median of the samples taken under load. */
  rss: number;
  rssMax: number;
  /** The server's CPU time per request, microseconds (user + system). */
  cpuMicrosPerRequest: number;
  /**
   * The PostgreSQL server's CPU time per request, microseconds (gw-db-cpu.ts): meaningful
   * only when the server under load uses PostgreSQL and nothing else does.
   */
  postgresCpuMicrosPerRequest: number;
}

export function requestBody(request: GraphQLRequest): string {
  return JSON.stringify({ query: request.query, variables: request.variables ?? {} });
}

/** One request through fetch, for checks and for values a later request needs. */
export async function post(
  url: string,
  request: GraphQLRequest,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...request.headers },
    body: requestBody(request),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function load(
  server: ServerHandle,
  request: GraphQLRequest,
  options: { seconds: number; connections: number },
): Promise<LoadResult> {
  const samples: number[] = [];
  const sampling = setInterval(() => {
    server.stats().then(
      (s) => samples.push(s.rss),
      () => undefined,
    );
  }, 250);
  const before = await server.stats();
  const postgresBefore = postgresCpuMicros();
  const latencies: number[] = [];
  let result: Result;
  try {
    const run = autocannon({
      url: server.url,
      method: "POST",
      headers: { "content-type": "application/json", ...request.headers },
      body: requestBody(request),
      connections: options.connections,
      duration: options.seconds,
      timeout: 60,
    });
    run.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
    result = await run;
  } finally {
    clearInterval(sampling);
  }
  const after = await server.stats();
  const postgresAfter = postgresCpuMicros();
  samples.push(after.rss);
  const bad = result.errors + result.timeouts + result.non2xx;
  if (bad > 0) {
    throw new Error(
      `${server.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`,
    );
  }
  const requests = result["2xx"];
  const served = Math.max(1, after.requests - before.requests);
  return {
    rps: requests / result.duration,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    requests,
    rss: median(samples),
    rssMax: Math.max(...samples),
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / served,
    postgresCpuMicrosPerRequest:
      postgresBefore === undefined || postgresAfter === undefined
        ? Number.NaN
        : (postgresAfter - postgresBefore) / served,
  };
}
