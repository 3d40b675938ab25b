/**
 * Imported first by the server and the CLI: ES modules evaluate in import order, so the
 * environment is checked before any other module reads it (a cursor key, a fee, a pool
 * size). A bad setting ends the process with one line per bad variable and exit code 2.
 */
import { checkEnvironment } from "./config.js";

const problems = checkEnvironment(process.env);
if (problems.length) {
  for (const line of problems) console.error(`Configuration error: ${line}`);
  process.exit(2);
}
