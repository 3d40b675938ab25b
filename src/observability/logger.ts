/**
 * The process's logger: pino, one JSON object per line on stdout (time, level, msg and
 * fields), so a log shipper can parse it and every line carries its time. What may be
 * logged: request ids, key ids, operation names, statuses, durations, error names and
 * codes. Never personal data, API keys, variables or an error's message (a Prisma message
 * quotes its arguments).
 */
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(
  level = process.env.TEIKYO_LOG_LEVEL || "info",
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service: "teikyo" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that writes nothing (tests and embedded use). */
export const silentLogger: Logger = pino({ level: "silent" });
