/** The gateway benchmark's figures: one row each in the printed table and in latest.json. */

export interface Target {
  /** The ratio (or value) must be at most / at least this. */
  op: "<=" | ">=";
  value: number;
}

export interface Figure {
  scenario: string;
  /** postgresql, sqlite, or "-" for figures of the machine. */
  engine: string;
  name: string;
  /** Teikyo's value (or the measured value), in `unit`. */
  value: number;
  unit: string;
  /** What the value is compared with (the control, the raw insert, the small table), same unit. */
  baseline?: number;
  baselineName?: string;
  /** value / baseline, or the figure the target applies to. */
  ratio?: number;
  target?: Target;
  status?: "PASS" | "MISS" | "FAIL";
  note?: string;
}

export function judged(figure: Omit<Figure, "status">): Figure {
  const { target, ratio } = figure;
  if (!target || ratio === undefined) return figure;
  const ok = target.op === "<=" ? ratio <= target.value : ratio >= target.value;
  return { ...figure, status: ok ? "PASS" : "MISS" };
}

const fmt = (v: number | undefined): string => {
  if (v === undefined) return "";
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 100_000) return Math.round(v).toLocaleString("en-US");
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toFixed(3);
};

export function printTable(figures: readonly Figure[]): string {
  const header = ["scenario", "db", "figure", "Teikyo", "unit", "baseline", "ratio", "target", "result"];
  const rows = figures.map((f) => [
    f.scenario,
    f.engine,
    f.name,
    fmt(f.value),
    f.unit,
    f.baseline === undefined ? "" : `${fmt(f.baseline)} (${f.baselineName ?? ""})`,
    f.ratio === undefined ? "" : fmt(f.ratio),
    f.target ? `${f.target.op} ${f.target.value}` : "",
    f.status ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
