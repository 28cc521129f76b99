// The production server: `npm start` (after `npm run build`).
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createRemixHandler, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { RECEIPT_PREVIEW_HEADER } from "../app/domain/reports/receipt-page";
import { fastReportIntake } from "../app/http/fast-intake.server";
import { originVerdict } from "../app/http/origin";
import { hashClientKey } from "../app/domain/rate-limit/rate-limit.server";
import { scheduleRetention } from "../app/domain/retention/retention.server";
import { closeAllRegions, dataDir, openExistingRegions } from "../db/regions.server";
import { openRegionsWithServices } from "../app/domain/schools/region-db.server";
import { startEscalationTimer } from "../app/domain/escalation/timer.server";
import { channelsOf, sendersFromEnv } from "../app/domain/notifications/deliveries.server";
import { startReplication } from "../db/replication.server";
import { startIntegrityChecks } from "../db/health.server";
import { lastResortErrors } from "../app/http/last-resort-errors.server";

// One worker per core: rendering is CPU-bound, and SQLite in WAL mode takes writers from
// several processes. Rate limits are per worker (in memory), so a client's effective limit is
// the configured one times WEB_CONCURRENCY at most.
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism()) || 1);
await startIntegrityChecks();
if (cluster.isPrimary && workers > 1) {
  // Migrations run here, once, before any worker opens a database: SQLite migrations take no
  // lock, and workers racing to add a column would crash each other.
  // The primary stays open on the databases for the schedules, which must run in exactly one
  // process: the escalation ladder (its state is in the database; workers only acknowledge) and retention.
  await openRegionsWithServices();
  const stopLadder = runLadderHere();
  const stopRetention = scheduleRetention();
  let stopping = false;
  const recentCrashes: number[] = [];
  for (let i = 0; i < workers; i++) cluster.fork();
  // A worker that dies is replaced (reports it acknowledged are already on disk), unless
  // workers keep dying: then something is wrong with the deployment, and looping hides it.
  cluster.on("exit", (_worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes[0]! < now - 60_000) recentCrashes.shift();
    if (recentCrashes.length > 5) {
      console.error("Workers keep stopping; giving up.");
      process.exit(1);
    }
    console.error(`A worker stopped (${signal ?? code}); starting another.`);
    setTimeout(() => cluster.fork(), 1_000);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopLadder();
    stopRetention();
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} else {
  await serve();
}

/** Starts the escalation timer in this process (ESCALATION_INTERVAL_SECONDS, default 30). */
function runLadderHere(): () => void {
  const senders = sendersFromEnv();
  const channels = channelsOf(senders);
  console.log(
    channels.length > 0
      ? `Notifications go out by ${channels.join(", ")} as well as in the app.`
      : "No channel is configured (SMTP_URL or SMTP_HOST, SMS_GATEWAY_URL, TELEGRAM_BOT_TOKEN): urgent-report notifications are in the app only.",
  );
  const seconds = Number(process.env.ESCALATION_INTERVAL_SECONDS ?? 30);
  return startEscalationTimer({ intervalMs: Math.max(1, Number.isFinite(seconds) ? seconds : 30) * 1000, senders });
}

const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

async function serve() {
  // No request logger on purpose: an access log would hold reporters' addresses and browsers.
  const port = Number(process.env.PORT ?? 3000);
  const buildDir = path.resolve("build");

  // With workers, the primary has seeded the service directories; a single process does it here.
  const regionsOpen = cluster.isPrimary ? await openRegionsWithServices() : await openExistingRegions();
  // A single process (WEB_CONCURRENCY=1) runs the ladder itself; with workers, the primary does.
  const stopLadder = cluster.isPrimary ? runLadderHere() : () => {};
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  // Only the methods pages and forms use. TRACE and the like used to reach Remix, whose Request
  // refuses them with a 500 and a stack trace.
  app.use((req, res, next) => {
    if (ALLOWED_METHODS.includes(req.method)) return next();
    res
      .status(405)
      .setHeader("Allow", ALLOWED_METHODS.join(", "))
      .type("text/plain; charset=utf-8")
      .send("Бұл әдіс қолданылмайды. / Этот метод не поддерживается. / This method is not supported.");
  });
  // An answer sent before the body was read (413, a redirect to sign in) leaves the rest of the
  // body unread; discarded, so the sender can finish and read the answer instead of a reset.
  app.use((req, res, next) => {
    res.on("finish", () => {
      if (req.complete || req.destroyed) return;
      req.removeAllListeners("data");
      req.resume();
    });
    next();
  });
  app.use(compression());
  // Every answer, pages, files and errors alike: the browser keeps to HTTPS once it has seen it
  // there (ignored over plain HTTP, so localhost and tests are unaffected).
  app.use((_req, res, next) => {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });
  // Pages and files set nosniff themselves (entry.server.tsx, resource routes); static files here.
  const nosniff = (res: express.Response) => res.setHeader("X-Content-Type-Options", "nosniff");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", setHeaders: nosniff }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false, setHeaders: nosniff }));
  app.use((req, res, next) => {
    const verdict = originVerdict(
      req.method,
      req.headers.origin,
      req.headers["x-forwarded-host"]?.toString() ?? req.headers.host
    );
    if (verdict === "strip") delete req.headers.origin;
    // Only the server itself asks for a receipt page with a placeholder (fast-intake.server.ts).
    delete req.headers[RECEIPT_PREVIEW_HEADER];
    if (verdict !== "reject") return next();
    // Not a page anyone reaches by using Senim, so one plain trilingual line is enough.
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Бұл сұраныс басқа сайттан келді. / Запрос пришёл с другого сайта. / This request came from another site.");
  });
  // The address is used only as a salted hash, in memory, for rate limits.
  const contextOf = (req: express.Request) => ({ clientKey: hashClientKey(req.ip ?? "unknown") });
  app.use(fastReportIntake(createRemixHandler(build, "production"), contextOf));
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: contextOf }));
  app.use(lastResortErrors);

  if (cluster.isPrimary) scheduleRetention();

  const server = app.listen(port, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) {
      console.log(
        `Senim listening on http://localhost:${port} (data: ${dataDir()}, regions: ${
          regionsOpen.join(", ") || "none"
        }, workers: ${workers})`
      );
    }
  });

  // Stop taking requests, let those under way finish (a report stored must get its page), then
  // close the databases. A second signal (Ctrl-C reaches workers twice) changes nothing.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopLadder();
    server.close(() => void closeAllRegions().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// One Litestream for every region file, in the primary only, after migrations (LITESTREAM_REPLICA_URL).
if (cluster.isPrimary) startReplication();
