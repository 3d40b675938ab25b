/** What a statistics table shows: suppression, perturbation and the privacy budget. */
import { describe, expect, it } from "vitest";
import { cellUniforms, perturbCount, perturbSum } from "../../src/policy/statistics/perturbation.js";
import { budgetProblem, calibrate } from "../../src/policy/statistics/privacy-budget.js";
import { cellId, suppressCells, type TableCell } from "../../src/policy/statistics/suppression.js";

const K = 10;
const cell = (key: (string | null)[], people: number): TableCell => ({ key, people });
const hiddenOf = (cells: TableCell[]) =>
  Object.fromEntries([...suppressCells(cells, K)].map(([id, why]) => [id, why]));

describe("suppressCells (k = 10)", () => {
  it("hides a small cell and, so the total cannot give it away, the next smallest in its row", () => {
    const cells = [cell(["female"], 40), cell(["male"], 30), cell(["other"], 3), cell([null], 73)];
    expect(hiddenOf(cells)).toEqual({
      [cellId(["other"])]: "PRIMARY",
      [cellId(["male"])]: "COMPLEMENTARY",
    });
  });

  it("keeps hiding until the hidden cells of a shown margin add up to k or more", () => {
    const cells = [cell(["a"], 2), cell(["b"], 3), cell(["c"], 40), cell(["d"], 50), cell([null], 95)];
    // a and b are both small (5 together): the total minus c and d would tell 5 people apart.
    expect(hiddenOf(cells)).toEqual({
      [cellId(["a"])]: "PRIMARY",
      [cellId(["b"])]: "PRIMARY",
      [cellId(["c"])]: "COMPLEMENTARY",
    });
  });

  it("along order categories (shared people), takes the largest hidden cell, not the sum", () => {
    // The same 5 people may have bought books and software: 6 + 5 could be only 6 people.
    const cells = [cell(["software"], 6), cell(["books"], 5), cell(["food"], 40), cell([null], 45)];
    expect(Object.keys(Object.fromEntries(suppressCells(cells, K, new Set([0]))))).toEqual([
      cellId(["software"]),
      cellId(["books"]),
      cellId(["food"]),
    ]);
    expect(suppressCells(cells, K).has(cellId(["food"]))).toBe(false); // summed, as if people were disjoint
  });

  it("hides nothing when every cell has k people", () => {
    expect(hiddenOf([cell(["a"], 10), cell(["b"], 12), cell([null], 22)])).toEqual({});
  });

  it("protects both directions of a two-way table with margins", () => {
    const cells = [
      cell(["tokyo", "20s"], 30),
      cell(["tokyo", "30s"], 2),
      cell(["osaka", "20s"], 25),
      cell(["osaka", "30s"], 20),
      cell(["tokyo", null], 32),
      cell(["osaka", null], 45),
      cell([null, "20s"], 55),
      cell([null, "30s"], 22),
      cell([null, null], 77),
    ];
    const hidden = suppressCells(cells, K);
    // Every line (a margin with its parts) hides none or at least two of its members.
    for (const margin of cells) {
      margin.key.forEach((v, i) => {
        if (v !== null) return;
        const members = [
          margin,
          ...cells.filter((c) => c.key[i] !== null && c.key.every((x, j) => j === i || x === margin.key[j])),
        ];
        const count = members.filter((m) => hidden.has(cellId(m.key))).length;
        expect(count === 0 || count >= 2).toBe(true);
      });
    }
    expect(hidden.get(cellId(["tokyo", "30s"]))).toBe("PRIMARY");
  });
});

describe("cell-key perturbation", () => {
  it("moves counts by at most 2 and never below zero", () => {
    for (let u = 0; u < 1; u += 0.01) {
      const noisy = perturbCount(50, u);
      expect(Math.abs(noisy - 50)).toBeLessThanOrEqual(2);
      expect(perturbCount(1, u)).toBeGreaterThanOrEqual(0);
    }
  });

  it("moves sums by at most half the largest contribution", () => {
    for (let u = 0; u < 1; u += 0.01)
      expect(Math.abs(perturbSum(100_000, 8_000, u) - 100_000)).toBeLessThanOrEqual(4_000);
  });

  it("gives the same cell key the same noise, and different keys independent-looking noise", () => {
    expect(cellUniforms(123_456_789)).toEqual(cellUniforms(123_456_789));
    const draws = Array.from({ length: 2000 }, (_, i) => cellUniforms((i * 2_654_435_761) % 2 ** 31)[0]);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe("privacy budget", () => {
  it.each([
    {
      rule: "a key without a budget cannot use differential privacy",
      budget: null,
      cost: 1,
      refusal: "NO_PRIVACY_BUDGET",
    },
    {
      rule: "spending within the budget is allowed",
      budget: { epsilon: 10, spent: 8 },
      cost: 2,
      refusal: null,
    },
    {
      rule: "spending past the budget is refused",
      budget: { epsilon: 10, spent: 9.5 },
      cost: 1,
      refusal: "PRIVACY_BUDGET_EXHAUSTED",
    },
  ])("$rule", ({ budget, cost, refusal }) => {
    expect(budgetProblem(budget, cost)?.code ?? null).toBe(refusal);
  });

  it("calibrates Laplace as sensitivity / epsilon and Gaussian by the classic bound", () => {
    expect(calibrate("LAPLACE", 1, 0.5, 1e-6).scale).toBe(2);
    expect(calibrate("GAUSSIAN", 1, 0.5, 1e-6).scale).toBeCloseTo(Math.sqrt(2 * Math.log(1.25e6)) / 0.5, 10);
  });
});
