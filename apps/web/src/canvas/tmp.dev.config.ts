import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
export default defineConfig({
  root: "/work/main/apps/web",
  plugins: [react()],
  resolve: { conditions: ["source"] },
  server: { hmr: false, port: 5173, proxy: { "/api": "http://127.0.0.1:3123" } },
});
