#!/usr/bin/env node
// Starts the server (compiled to dist/ by `npm install` / `npm start`). Prints where to go and, on
// the first start, the demo users' passwords — once.
import { readConfig } from "../dist/config.js";
import { startServer } from "../dist/main.js";
import { printBanner } from "../dist/banner.js";

let config;
try {
  config = readConfig();
} catch (error) {
  console.error(`switchyard: ${error.message}`);
  process.exit(2);
}
const server = await startServer(config).catch((error) => {
  console.error(`switchyard: could not start: ${error.message}`);
  if (error.hint) console.error(`  hint: ${error.hint}`);
  if (error.code === "EADDRINUSE")
    console.error(`  hint: port ${config.port} is taken; start with PORT=3001 npm start`);
  process.exit(1);
});
printBanner(server);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nswitchyard: stopping…");
    await server.close();
    process.exit(0);
  });
}
