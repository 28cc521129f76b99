import type { Config } from "@react-router/dev/config";

// React Router reads its own settings only from this file (the Vite plugin takes none).
export default {
  ssr: true,
  // A second build directory lets two people (or helpers) build and test side by side.
  buildDirectory: process.env.SENIM_BUILD_DIR ?? "build",
  // Middleware loads the signed-in actor once per request (app/http/request-context.server.ts).
  future: { v8_middleware: true },
} satisfies Config;
