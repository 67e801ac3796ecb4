import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The studio is served by the Switchyard server (same origin as the API); `npm run dev -w apps/web`
// proxies /api to a server on port 3000.
export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ["source"],
  },
  build: { outDir: "dist", chunkSizeWarningLimit: 6000 },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
