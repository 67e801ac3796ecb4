/** @switchyard/cli — the `switchyard` command. `main` is exported so tests and other tools can run it in-process. */

export type { CliIO } from "./io.js";
export { main } from "./main.js";
