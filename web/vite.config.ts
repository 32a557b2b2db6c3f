// The workstation's build: web/ → dist/web (served by `ranokit serve`). `npm install` runs it through
// scripts/build.mjs, so a fresh clone needs no extra step. During development, `npx vite web` proxies
// /api to a server on RANOKIT_API (default http://127.0.0.1:8080).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    // Heavy, page-specific code (the NiiVue viewer, the plots) is split into lazy chunks so the first
    // load stays small (issue 14: ≤ 300 KB of JavaScript gzipped).
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": process.env.RANOKIT_API ?? "http://127.0.0.1:8080" },
  },
});
