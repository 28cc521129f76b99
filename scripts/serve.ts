// The production server: `npm start` (after `npm run build`).
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { originVerdict } from "../app/http/origin";
import { hashClientKey } from "../app/domain/rate-limit/rate-limit.server";
import { closeAllRegions, dataDir, openExistingRegions } from "../db/regions.server";

// No request logger on purpose: an access log would hold reporters' addresses and browsers.
const port = Number(process.env.PORT ?? 3000);
const buildDir = path.resolve("build");

const regionsOpen = await openExistingRegions();
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
app.use((req, res, next) => {
  const verdict = originVerdict(req.method, req.headers.origin, req.headers["x-forwarded-host"]?.toString() ?? req.headers.host);
  if (verdict === "strip") delete req.headers.origin;
  if (verdict !== "reject") return next();
  // Not a page anyone reaches by using Senim, so one plain trilingual line is enough.
  res.status(403).type("text/plain; charset=utf-8").send("Бұл сұраныс басқа сайттан келді. / Запрос пришёл с другого сайта. / This request came from another site.");
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: "production",
    // The address is used only as a salted hash, in memory, for rate limits.
    getLoadContext: (req) => ({ clientKey: hashClientKey(req.ip ?? "unknown") }),
  }),
);

const server = app.listen(port, () => {
  console.log(`Senim listening on http://localhost:${port} (data: ${dataDir()}, regions: ${regionsOpen.join(", ") || "none"})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void closeAllRegions().finally(() => process.exit(0));
  });
}
