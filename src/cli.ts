/**
 * `npm run teikyo -- <command>`: the CLI as a script (the commands are in src/cli/main.ts).
 * The environment is checked first, before any module reads it; process.exit ends the
 * process even if a library left a timer behind.
 */
import "./check-environment.js";
import { main } from "./cli/main.js";

const code = await main(process.argv.slice(2), process, process.env);
process.exit(code);
