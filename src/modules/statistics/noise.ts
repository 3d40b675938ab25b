/**
 * Noise samplers for differential privacy, drawing from the operating system's CSPRNG
 * (node:crypto). No maintained npm library offers calibrated DP noise for Node, so this is
 * small and tested for its distribution (test/unit/noise.test.ts). Released values are
 * rounded to whole numbers, which also closes the floating-point attack on textbook Laplace
 * samplers (Mironov 2012), since the low-order bits it reads never leave.
 */
import { randomBytes } from "node:crypto";

/** A uniform draw in the open interval (0, 1). */
export type Uniform = () => number;

/** 53 random bits from the CSPRNG, shifted off zero: uniform on (0, 1). */
export const secureUniform: Uniform = () => {
  const bytes = randomBytes(8);
  const high = bytes.readUInt32BE(0) >>> 11; // 21 bits
  const low = bytes.readUInt32BE(4); // 32 bits
  return (high * 2 ** 32 + low + 0.5) / 2 ** 53;
};

/** Laplace(0, b) by inversion: -b * sign(u) * ln(1 - 2|u|), u uniform on (-1/2, 1/2). */
export function laplace(scale: number, uniform: Uniform = secureUniform): number {
  const u = uniform() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** Normal(0, sigma) by the Box-Muller transform. */
export function gaussian(sigma: number, uniform: Uniform = secureUniform): number {
  return sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
