/** Reading settings from the environment, with errors that name the variable. */

/** An integer of at least `min`, or `fallback` when unset. */
export function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}; got ${raw}.`);
  return value;
}
