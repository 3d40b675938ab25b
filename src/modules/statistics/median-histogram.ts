/**
 * Medians from counts per value bucket, so the database groups rows instead of sorting them
 * (docs/decisions/0081). A bucket is as wide as the grain a median is published at (100 yen
 * for amounts, 1 for order counts) and keeps its smallest and largest value: when the two
 * middle values fall in different buckets they are the largest of the one and the smallest
 * of the next, so the published median is the one a full sort gives.
 */
import { cellId } from "../../policy/statistics/suppression.js";

export interface Bucket {
  /** The value the bucket's members round to (its centre). */
  value: number;
  count: number;
  min: number;
  max: number;
}

/** Buckets per cell, by cellId. */
export type Histograms = Map<string, Map<number, Bucket>>;

export function addBucket(histograms: Histograms, key: (string | null)[], bucket: Bucket): void {
  const id = cellId(key);
  let cell = histograms.get(id);
  if (!cell) histograms.set(id, (cell = new Map()));
  const known = cell.get(bucket.value);
  if (!known) cell.set(bucket.value, { ...bucket });
  else {
    known.count += bucket.count;
    known.min = Math.min(known.min, bucket.min);
    known.max = Math.max(known.max, bucket.max);
  }
}

/**
 * The buckets of every margin, from those of the finest cells: right when each value lies in
 * exactly one finest cell (an order's amount; a person's order count with a person unit).
 */
export function withMargins(
  finest: { key: (string | null)[]; bucket: Bucket }[],
  sets: number[][],
): Histograms {
  const histograms: Histograms = new Map();
  for (const { key, bucket } of finest)
    for (const set of sets)
      addBucket(
        histograms,
        key.map((v, i) => (set.includes(i) ? v : null)),
        bucket,
      );
  return histograms;
}

/** The median (the mean of the two middle values for an even count), to the bucket's grain. */
export function medianOf(buckets: Iterable<Bucket>): number | null {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  // 1-based positions of the middle values.
  const low = Math.floor((total + 1) / 2);
  const high = Math.floor((total + 2) / 2);
  let seen = 0;
  for (let i = 0; i < sorted.length; i++) {
    const bucket = sorted[i]!;
    seen += bucket.count;
    if (seen < low) continue;
    if (seen >= high) return bucket.value;
    // The lower middle value is this bucket's last, the upper one the next bucket's first.
    return (bucket.max + sorted[i + 1]!.min) / 2;
  }
  return null;
}
