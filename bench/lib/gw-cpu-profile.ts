/**
 * Summarizes a V8 CPU profile (node --cpu-prof): self time by function and by package, and
 * inclusive time of the project's own functions, so a missed target comes with where the
 * server spent its time.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time by function, the largest first. */
  functions: { name: string; ms: number; percent: number }[];
  /** Self time by package (node_modules/<package>, src/<dir>, node internals, GC, idle). */
  packages: { name: string; ms: number; percent: number }[];
  /** Inclusive time of src/ functions (each counted once per stack). */
  project: { name: string; ms: number; percent: number }[];
}

const root = process.cwd();

function where(url: string): string {
  if (!url) return "";
  const path = url.replace(/^file:\/\//, "");
  return path.startsWith("/") ? relative(root, path) : path;
}

function packageOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const path = where(url);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1] as string;
  const src = /^(src|bench)\/([^/]+)/.exec(path);
  if (src) return `${src[1]}/${src[2]}`;
  return path;
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const path = where(url).replace(/^node_modules\//, "");
  return `${functionName || "(anonymous)"}${path ? ` ${path}:${lineNumber + 1}` : ""}`;
}

/**
 * The main thread's profile of the newest process in `dir`: node writes one file per
 * thread (tsx's module loader runs in a worker thread), and the main thread's is the largest.
 */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ file: join(dir, f), pid: f.split(".")[3], stat: statSync(join(dir, f)) }))
    .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs);
  const pid = files[0]?.pid;
  return files.filter((f) => f.pid === pid).sort((a, b) => b.stat.size - a.stat.size)[0]?.file ?? null;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let total = 0;
  let idle = 0;
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  const project = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    total += ms;
    if (node.callFrame.functionName === "(idle)") idle += ms;
    functions.set(nameOf(node), (functions.get(nameOf(node)) ?? 0) + ms);
    packages.set(packageOf(node), (packages.get(packageOf(node)) ?? 0) + ms);
    // Inclusive: every distinct src/ function on this sample's stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (!n || !where(n.callFrame.url).startsWith("src/")) continue;
      const name = nameOf(n);
      if (seen.has(name)) continue;
      seen.add(name);
      project.set(name, (project.get(name) ?? 0) + ms);
    }
  }
  const busy = total - idle;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([name]) => name !== "(idle)")
      .sort(([, a], [, b]) => b - a)
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / busy) * 1000) / 10 }));
  return {
    file,
    totalMs: Math.round(busy),
    functions: list(functions, top),
    packages: list(packages, 20),
    project: list(project, top),
  };
}

export function printProfile(s: ProfileSummary): string {
  const rows = (title: string, items: { name: string; ms: number; percent: number }[]) => [
    title,
    ...items.map((i) => `  ${String(i.percent).padStart(5)}%  ${String(i.ms).padStart(7)} ms  ${i.name}`),
  ];
  return [
    `CPU profile ${relative(root, s.file)}: ${s.totalMs} ms busy (idle excluded)`,
    ...rows("Self time by package:", s.packages),
    ...rows("Self time by function:", s.functions),
    ...rows("Inclusive time of src/ functions:", s.project),
  ].join("\n");
}
