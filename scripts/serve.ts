// The production server: `npm start` runs it compiled (`node build/server/index.js`, after
// `npm run build`): vite.config.ts makes this file the server build's entry.
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { scheduleRetention } from "../app/domain/retention/retention.server";
import { closeAllRegions, dataDir, openExistingRegions } from "../db/regions.server";
import { openRegionsWithServices } from "../app/domain/schools/region-db.server";
import { startEscalationTimer } from "../app/domain/escalation/timer.server";
import { channelsOf, sendersFromEnv } from "../app/domain/notifications/deliveries.server";
import { startReplication } from "../db/replication.server";
import { startIntegrityChecks } from "../db/health.server";

/**
 * The web server, its routes and React: loaded only where requests are served, so the primary of
 * a cluster (migrations, the ladder, retention, Litestream) does not hold them (~45 MB less).
 * The integration tests take the router's handler and the context a request starts with from it.
 */
export const loadWebServer = () => import("../app/http/web-server.server");

// One worker per core: rendering is CPU-bound, and SQLite in WAL mode takes writers from
// several processes. Rate limits are per worker (in memory), so a client's effective limit is
// the configured one times WEB_CONCURRENCY at most.
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism()) || 1);
// The build directory this file was compiled into (build/server/index.js → build).
const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Imported (by the tests) it only exports; run (`node build/server/index.js`), it serves.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

async function main() {
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
  // One Litestream for every region file, in the primary only, after migrations (LITESTREAM_REPLICA_URL).
  if (cluster.isPrimary) startReplication();
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

async function serve() {
  // No request logger on purpose: an access log would hold reporters' addresses and browsers.
  const port = Number(process.env.PORT ?? 3000);

  // With workers, the primary has seeded the service directories; a single process does it here.
  const regionsOpen = cluster.isPrimary ? await openRegionsWithServices() : await openExistingRegions();
  // A single process (WEB_CONCURRENCY=1) runs the ladder itself; with workers, the primary does.
  const stopLadder = cluster.isPrimary ? runLadderHere() : () => {};

  const { createWebServer } = await loadWebServer();
  const app = createWebServer(buildDir);

  if (cluster.isPrimary) scheduleRetention();

  const server = app.listen(port, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) {
      console.log(
        `Senim listening on http://localhost:${port} (data: ${dataDir()}, regions: ${
          regionsOpen.join(", ") || "none"
        }, workers: ${workers})`,
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
