import { defineConfig } from "vitest/config";

// Browser tests: the real server (server.ts over the production build) driven by Debian's Chromium.
export default defineConfig({
  resolve: { alias: { "~": new URL("../app", import.meta.url).pathname } },
  root: new URL("..", import.meta.url).pathname,
  test: {
    // A fixed day of the 2026-2027 school year: lesson plans must not depend on when tests run.
    env: { SENIM_TODAY: "2026-11-23" },
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
