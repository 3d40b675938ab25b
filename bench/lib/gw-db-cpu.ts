/**
 * The PostgreSQL server's CPU time, read from /proc: user + system time of every process
 * named postgres (the postmaster, its backends and background workers). On a machine where
 * nothing else uses the cluster, its growth over a round divided by the requests is the
 * database's CPU per request, which the gateway's own CPU figure leaves out. Elsewhere than
 * Linux, or if /proc cannot be read, it is undefined.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function processCpuTicks(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const end = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, end);
    if (name !== "postgres") return 0;
    // Fields after the name: state is field 3, utime 14 and stime 15 (1-based, man proc).
    const fields = stat.slice(end + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // a backend that ended between the listing and the read
  }
}

/** Microseconds of CPU used so far by the live postgres processes, or undefined. */
export function postgresCpuMicros(): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of pids) ticks += processCpuTicks(pid);
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}
