/**
 * How long people get between being notified of opt-out provision and its start, to ask
 * for a stop (Rules art. 11(1)). The law sets no number; 14 days is the default here.
 */
import { envInt } from "../../env.js";

export function optOutWaitingDays(env: NodeJS.ProcessEnv = process.env): number {
  return envInt(env, "TEIKYO_OPT_OUT_WAITING_DAYS", 14, 0);
}
