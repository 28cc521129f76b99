import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { reportFormToken, SCHOOL, root, startServer, type RunningServer } from "./support";

// Litestream replicates while reports come in; the server is killed with -9 and its whole data
// directory deleted (a lost disk). Restored from the replica, every receipt code a student was
// shown opens its report again.

const servers: RunningServer[] = [];
const temps: string[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop();
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

const report = new URLSearchParams({
  reporterRole: "self",
  categories: "cyber",
  location: "online",
  frequency: "daily",
  since: "days",
  description: "replicated",
}).toString();
const tsx = path.join(root, "node_modules/.bin/tsx");

function run(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(tsx, [script, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe("replication", () => {
  test("every acknowledged report survives kill -9 and the loss of the data directory", async () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "senim-replica-"));
    temps.push(temp);
    const replica = { LITESTREAM_REPLICA_URL: `file://${temp}/replica` };
    // One process starts in time on a busy machine; the primary runs Litestream with or without workers.
    const env = { RATE_LIMIT_MULTIPLIER: "1000", WEB_CONCURRENCY: "1", ...replica };
    const server = await startServer({ keepData: true, env });
    servers.push(server);
    const acknowledged: string[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const formToken = await reportFormToken(server.baseUrl);
          const res = await fetch(`${server.baseUrl}/r/${SCHOOL}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
            body: `${report}&formToken=${encodeURIComponent(formToken)}`,
          });
          const code = /class="receipt-code"[^>]*>([\d ]+)</.exec(await res.text())?.[1];
          if (code) acknowledged.push(code.replace(/\s/g, ""));
        } catch {
          return; // the server is gone: this one was never acknowledged
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 20));
    const litestream = Number(/Litestream \(pid (\d+)\)/.exec(server.log())?.[1]);
    expect(litestream).toBeGreaterThan(0);

    // The key file is kept apart from the data disk, as the README asks.
    const keys = path.join(temp, "data-keys");
    fs.copyFileSync(path.join(server.dataDir, "data-keys"), keys);
    await server.crash();
    stop = true;
    await Promise.all(clients);
    // Litestream outlives the server only to upload what the write-ahead log already holds.
    for (const deadline = Date.now() + 10_000; !gone(litestream);) {
      if (Date.now() > deadline) throw new Error("Litestream did not stop after the server died");
      await new Promise((r) => setTimeout(r, 50));
    }
    fs.rmSync(server.dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });

    const fresh = path.join(temp, "data");
    const restored = run("scripts/restore.ts", ["--from-replica", "--to", fresh], replica);
    expect(restored.out).toContain("akmola: restored");
    expect(restored.status).toBe(0);
    // A second restore onto the same folder is refused: it holds the region now.
    const again = run("scripts/restore.ts", ["--from-replica", "--to", fresh], replica);
    expect(again.status).toBe(1);
    expect(again.out).toContain("already holds akmola.sqlite");
    const db = new SQLite(path.join(fresh, "akmola.sqlite"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }

    // The roll-up reads the replica too, and counts at least every acknowledged report.
    const national = path.join(temp, "national.sqlite");
    const rolled = run("scripts/rollup.ts", ["--from-replica", "--region", "akmola", "--out", national], replica);
    expect(rolled.status, rolled.out).toBe(0);
    const nat = new SQLite(national, { readonly: true });
    try {
      expect(
        nat.prepare("select sum(reports) from national_months where region = 'akmola'").pluck().get() as number,
      ).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      nat.close();
    }

    fs.copyFileSync(keys, path.join(fresh, "data-keys"));
    const restarted = await startServer({ dataDir: fresh, env });
    servers.push(restarted);
    const missing: string[] = [];
    for (const code of acknowledged) {
      const res = await fetch(`${restarted.baseUrl}/status`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: restarted.baseUrl },
        body: new URLSearchParams({ code }).toString(),
      });
      const page = await res.text();
      if (res.status !== 200 || !page.includes(`class="facts"`)) missing.push(code);
    }
    expect(missing).toEqual([]);
  }, 180_000);
});
