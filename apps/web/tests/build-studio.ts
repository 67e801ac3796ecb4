import path from "node:path";
import { build } from "vite";

/** Vitest global setup of the web project: builds the studio once, so the browser tests serve it. */
export default async function buildStudio(): Promise<void> {
  await build({ root: path.resolve(import.meta.dirname, ".."), logLevel: "warn" });
}
