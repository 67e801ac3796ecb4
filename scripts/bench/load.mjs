// Runs one autocannon load in its own process, so the load generator never shares an event loop
// with the server it measures. Usage: node load.mjs '<json options>'; prints one JSON line.
// autocannon lives in scripts/bench/peers (installed by run.mjs, outside the workspaces).
import { createRequire } from "node:module";

const require = createRequire(new URL("./peers/package.json", import.meta.url));
const autocannon = require("autocannon");

const options = JSON.parse(process.argv[2]);
const result = await autocannon({ connections: 10, pipelining: 1, ...options });
console.log(
  JSON.stringify({
    requestsPerSecond: result["2xx"] / result.duration,
    p99Ms: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }),
);
