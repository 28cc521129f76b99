import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // The server build's entry is the production server itself, so `npm start` runs compiled
  // JavaScript with one copy of every module (no tsx, no second module graph at run time).
  build: { target: "es2022", rollupOptions: isSsrBuild ? { input: "./scripts/serve.ts" } : undefined },
}));
