import { defineConfig } from "vitest/config";

// The app is served from the Tauri binary (no dev server): relative asset paths, no inline
// scripts or styles (the CSP forbids them), and JSX compiled for Preact.
export default defineConfig({
  base: "./",
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  build: {
    target: "safari16",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
