import { describe, expect, it } from "vitest";
import {
  addBucket,
  medianOf,
  withMargins,
  type Bucket,
  type Histograms,
} from "../../src/modules/statistics/median-histogram.js";
import { cellId } from "../../src/policy/statistics/suppression.js";

/** What the database returns for some values: buckets of `grain`, rounded half up. */
function bucketsOf(values: number[], grain: number): Bucket[] {
  const byValue = new Map<number, Bucket>();
  for (const v of values) {
    const value = Math.round(v / grain) * grain;
    const b = byValue.get(value) ?? { value, count: 0, min: v, max: v };
    b.count += 1;
    b.min = Math.min(b.min, v);
    b.max = Math.max(b.max, v);
    byValue.set(value, b);
  }
  return [...byValue.values()];
}

/** The median by a full sort, shown to the grain: what the statistics published before buckets. */
function sortedMedian(values: number[], grain: number): number {
  const xs = [...values].sort((a, b) => a - b);
  const m = (xs[Math.floor((xs.length - 1) / 2)]! + xs[Math.floor(xs.length / 2)]!) / 2;
  return grain === 1 ? m : Math.round(m / grain) * grain;
}

const shown = (values: number[], grain: number) => {
  const m = medianOf(bucketsOf(values, grain))!;
  return grain === 1 ? m : Math.round(m / grain) * grain;
};

describe("medians from buckets", () => {
  it("publishes the value a full sort gives, for random amounts and order counts", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2000; round++) {
      const size = 1 + Math.floor(next() * 40);
      const amounts = Array.from({ length: size }, () => Math.round((next() * 3000) / 10) * 10);
      expect([round, shown(amounts, 100)]).toEqual([round, sortedMedian(amounts, 100)]);
      const counts = Array.from({ length: size }, () => Math.floor(next() * 7));
      expect([round, shown(counts, 1)]).toEqual([round, sortedMedian(counts, 1)]);
    }
  });

  it("takes the two middle values from neighbouring buckets when they straddle one", () => {
    // Sorted 140, 160: the mean is 150, shown as 200; the buckets alone (100, 200) would say 150.
    expect(medianOf(bucketsOf([140, 160], 100))).toBe(150);
    expect(shown([140, 160], 100)).toBe(200);
    expect(shown([40, 140, 160, 990], 100)).toBe(200);
    expect(medianOf([])).toBeNull();
  });

  it("sums the finest cells' buckets into their margins", () => {
    const finest = [
      { key: ["a", "x"], bucket: { value: 1, count: 2, min: 1, max: 1 } },
      { key: ["a", "y"], bucket: { value: 3, count: 1, min: 3, max: 3 } },
      { key: ["b", "x"], bucket: { value: 1, count: 1, min: 1, max: 1 } },
    ];
    const h: Histograms = withMargins(finest, [[0, 1], [0], [1], []]);
    const count = (key: (string | null)[]) =>
      [...(h.get(cellId(key))?.values() ?? [])].reduce((n, b) => n + b.count, 0);
    expect([count(["a", null]), count([null, "x"]), count([null, null])]).toEqual([3, 3, 4]);
    expect(medianOf(h.get(cellId(["a", null]))!.values())).toBe(1);
    const direct: Histograms = new Map();
    addBucket(direct, ["a"], { value: 100, count: 1, min: 60, max: 60 });
    addBucket(direct, ["a"], { value: 100, count: 1, min: 120, max: 120 });
    expect([...direct.get(cellId(["a"]))!.values()]).toEqual([{ value: 100, count: 2, min: 60, max: 120 }]);
  });
});
