/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";

// The server's static files answer unknown paths with 404.html: make it the app too, so deep links
// (/w/1/l/dagpenge/map) and reloads open the single-page app.
const spaFallback = () => ({
  name: "sagsflow-spa-fallback",
  closeBundle() {
    copyFileSync(resolve(__dirname, "dist/index.html"), resolve(__dirname, "dist/404.html"));
  },
});

// The built app is served by the FastAPI process from web/dist (settings.web_dist).
// `npm run dev` proxies /api to a local `sagsflow serve` on port 8000.
export default defineConfig({
  plugins: [react(), spaFallback()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000" },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
