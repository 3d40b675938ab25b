/** Messages between the benchmark and its measuring processes (one per database). */
import type { Engine } from "./generate-sql.js";

export interface WorkerOptions {
  engine: Engine;
  size: number;
  url: string;
  /** The gateway's fixed clock, ISO. */
  now: string;
  /** The analytics key's total epsilon while measuring (the demo gives it 10). */
  epsilonBudget: number;
}

/** What the gateway ran in SQL for one statistics query, by statement. */
export type StatementKind = "population" | "cells" | "medians" | "other";

export interface StatementTiming {
  kind: StatementKind;
  ms: number;
}

export type ToWorker =
  { type: "run"; query: string } | { type: "explain"; dir: string; label: string } | { type: "exit" };

export interface RunResult {
  type: "result";
  query: string;
  /** Wall time of yoga.fetch and reading the JSON body. */
  ms: number;
  statements: StatementTiming[];
  cells: number;
  suppressedCells: number;
  /** PEOPLE of the grand-total cell (every key null) as published, or null if not shown. */
  totalPeople: number | null;
}

export type FromWorker =
  | { type: "ready"; serverVersion: string }
  | RunResult
  | { type: "explained"; files: string[] }
  | { type: "bye"; maxRssMb: number }
  | { type: "error"; message: string };
