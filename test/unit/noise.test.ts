/** The DP samplers draw from the CSPRNG and follow their distributions (Kolmogorov-Smirnov). */
import { describe, expect, it } from "vitest";
import { gaussian, laplace, secureUniform } from "../../src/modules/statistics/noise.js";

const N = 20_000;
// Critical value for alpha = 1e-6: a correct sampler fails this about once in a million runs.
const CRITICAL = Math.sqrt(-0.5 * Math.log(1e-6 / 2)) / Math.sqrt(N);

function ksDistance(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / N), Math.abs((i + 1) / N - f));
  });
  return d;
}

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26, accurate to 1.5e-7: ample for a KS bound of ~0.02.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return Math.sign(x) * y;
}

describe("noise samplers", () => {
  it("draws uniforms strictly inside (0, 1)", () => {
    const draws = Array.from({ length: N }, secureUniform);
    expect(Math.min(...draws)).toBeGreaterThan(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(ksDistance(draws, (x) => x)).toBeLessThan(CRITICAL);
  });

  it("samples Laplace(0, b)", () => {
    const b = 3;
    const samples = Array.from({ length: N }, () => laplace(b));
    const cdf = (x: number) => (x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b));
    expect(ksDistance(samples, cdf)).toBeLessThan(CRITICAL);
  });

  it("samples Normal(0, sigma)", () => {
    const sigma = 5;
    const samples = Array.from({ length: N }, () => gaussian(sigma));
    const cdf = (x: number) => 0.5 * (1 + erf(x / (sigma * Math.SQRT2)));
    expect(ksDistance(samples, cdf)).toBeLessThan(CRITICAL);
  });

  it("would catch a wrong scale (the test can fail)", () => {
    const samples = Array.from({ length: N }, () => laplace(4));
    const cdf = (x: number) => (x < 0 ? 0.5 * Math.exp(x / 3) : 1 - 0.5 * Math.exp(-x / 3));
    expect(ksDistance(samples, cdf)).toBeGreaterThan(CRITICAL);
  });
});
