/**
 * @switchyard/server — the REST API (Express 5, OpenAPI 3.1) and, when built, the studio. Start it
 * with `startServer(readConfig())`; `createApp` is the bare application for tests, and
 * `createRequestListener` what `startServer` listens with (the ingestion fast path in front of it).
 */
export { createApp, createRequestListener } from "./app.js";
export { readConfig, type ServerConfig } from "./config.js";
export type { ServerContext } from "./context.js";
export { DatabaseUnreachable, type RunningServer, startServer } from "./main.js";
export { type RunningWorker, startWorker } from "./worker.js";
export { type EngineLoop, startEngineLoop } from "./engine-loop.js";
export type { SeedResult } from "./seed/seed.js";
