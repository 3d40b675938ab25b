/**
 * Yoga's logger without data. Yoga logs the unexpected errors it masks; their messages may
 * quote what failed (a Prisma error prints the call's arguments: customer numbers, key ids,
 * filter values). So an error is logged by its name, code and stack frames only.
 */
import type { YogaLogger } from "graphql-yoga";

export function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return `(${typeof error} thrown)`;
  const code = (error as { code?: unknown }).code;
  const head = `${error.name}${typeof code === "string" ? ` ${code}` : ""}`;
  // A GraphQLError wrapping a resolver's error has the same frames: show the cause's.
  const original = (error as { originalError?: unknown }).originalError;
  if (original instanceof Error && depth < 3) return `${head} from ${describeError(original, depth + 1)}`;
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  const lines = [head, ...frames.slice(0, 10)];
  if (error.cause instanceof Error && depth < 3)
    lines.push(`caused by ${describeError(error.cause, depth + 1)}`);
  return lines.join("\n");
}

type Sink = Pick<Console, "info" | "warn" | "error">;

export function redactedLogger(sink: Sink = console): YogaLogger {
  // Yoga's own messages are fixed strings; anything else is described, not printed.
  const clean = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : describeError(a)));
  return {
    debug: () => {},
    info: (...args) => sink.info(...clean(args)),
    warn: (...args) => sink.warn(...clean(args)),
    error: (...args) => sink.error(...clean(args)),
  };
}
