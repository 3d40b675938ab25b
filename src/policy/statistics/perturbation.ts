/**
 * Cell-key perturbation (the method national statistics offices use in table builders):
 * every person holds a secret random key; a cell's key is the sum of its people's keys, so
 * the same group of people always gets the same small noise however it is asked for, and
 * repeating a query cannot average the noise away. Two cells differing by a few people get
 * unrelated noise, so subtracting answers does not give those people's figures exactly.
 */

/** Person keys are uniform in [0, 2^31); a cell key is their sum modulo 2^31. */
export const KEY_MODULUS = 2 ** 31;

/** Count noise: -2..+2, zero most often (probabilities .1 .2 .4 .2 .1). */
const COUNT_NOISE: [number, number][] = [
  [0.1, -2],
  [0.3, -1],
  [0.7, 0],
  [0.9, 1],
  [1, 2],
];

/** Sums move by up to this share of the cell's largest single contribution. */
export const SUM_NOISE_SHARE = 0.5;

/** Three independent uniforms in [0,1) from the bits of a cell key. */
export function cellUniforms(cellKey: number): [number, number, number] {
  const key = ((cellKey % KEY_MODULUS) + KEY_MODULUS) % KEY_MODULUS;
  return [(key & 0x3ff) / 1024, ((key >>> 10) & 0x3ff) / 1024, ((key >>> 20) & 0x7ff) / 2048];
}

export function perturbCount(count: number, u: number): number {
  const noise = COUNT_NOISE.find(([upTo]) => u < upTo)?.[1] ?? 0;
  return Math.max(0, count + noise);
}

/** A sum moved by up to SUM_NOISE_SHARE of its largest contribution, in whole units. */
export function perturbSum(sum: number, largestContribution: number, u: number): number {
  return Math.max(0, Math.round(sum + (2 * u - 1) * SUM_NOISE_SHARE * largestContribution));
}
