import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vitest/config";

// Unit and integration tests, over the source: the router's plugin compiles the routes and gives
// the integration tests the server build (virtual:react-router/server-build) with no `npm run build`.
export default defineConfig({
  plugins: [reactRouter()],
  resolve: { alias: { "~": new URL("../app", import.meta.url).pathname } },
  root: new URL("..", import.meta.url).pathname,
  test: {
    // A fixed day of the 2026-2027 school year: lesson plans must not depend on when tests run.
    env: { SENIM_TODAY: "2026-11-23" },
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
