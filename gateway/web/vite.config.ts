import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The gateway serves the built files from its wwwroot (with history fallback for client routes).
export default defineConfig({
  plugins: [react()],
  resolve: {
    // The paged preview's Paged.js polyfill, injected as text into the preview frame (pagedjs exports no dist files).
    alias: [
      {
        find: /^pagedjs-polyfill(?=\?raw$)/,
        replacement: decodeURIComponent(
          new URL("node_modules/pagedjs/dist/paged.polyfill.min.js", import.meta.url).pathname,
        ),
      },
    ],
  },
  build: {
    outDir: "../ResumePair.Gateway/wwwroot",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
