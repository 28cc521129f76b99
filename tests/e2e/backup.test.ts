import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { reportFormToken, SCHOOL, root, startServer, storedReceiptHash, type RunningServer } from "./support";

// `npm run backup` while the real server takes reports, then `npm run restore` into its data
// directory and a server started on what was restored.

const tsx = path.join(root, "node_modules/.bin/tsx");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "senim-backup-"));
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const report = new URLSearchParams({
  reporterRole: "witness",
  categories: "verbal",
  location: "corridor",
  frequency: "weekly",
  since: "weeks",
}).toString();

async function submit(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/r/${SCHOOL}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
    body: `${report}&formToken=${await reportFormToken(server.baseUrl)}`,
  });
  const html = await res.text();
  const code = /class="receipt-code"[^>]*>([\d ]+)</.exec(html)?.[1];
  if (res.status !== 200 || !code) throw new Error(`report not taken: ${res.status}`);
  return code.replace(/\s/g, "");
}

function run(script: string, args: string[], dataDir: string) {
  const result = spawnSync(tsx, [script, ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function receiptHashesIn(file: string): Set<string> {
  const db = new SQLite(file, { readonly: true });
  try {
    return new Set(db.prepare("select receipt_hash from reports").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe("backup and restore", () => {
  test("a backup taken while reports arrive is consistent and restores into a working server", async () => {
    const options = { keepData: true, env: { RATE_LIMIT_MULTIPLIER: "1000" } };
    const first = await startServer(options);
    servers.push(first);
    const before: string[] = [];
    for (let i = 0; i < 10; i++) before.push(await submit(first));

    // Reports keep arriving during the backup.
    let writing = true;
    const during: string[] = [];
    const writer = (async () => {
      while (writing) during.push(await submit(first));
    })();
    const backupDir = path.join(work, "b1");
    await new Promise((r) => setTimeout(r, 50));
    const backup = run("scripts/backup.ts", ["--to", backupDir], first.dataDir);
    writing = false;
    await writer;
    expect(backup.status, backup.output).toBe(0);
    expect(backup.output).toContain("akmola");
    const after = [await submit(first)];
    expect(during.length).toBeGreaterThan(0);

    const copy = path.join(backupDir, "akmola.sqlite");
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8")) as {
      regions: Array<{ code: string; sha256: string }>;
    };
    expect(manifest.regions.map((r) => r.code)).toEqual(["akmola"]);
    const check = new SQLite(copy, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    const inBackup = receiptHashesIn(copy);
    for (const code of before) expect(inBackup.has(storedReceiptHash(first.dataDir, code))).toBe(true);
    for (const code of after) expect(inBackup.has(storedReceiptHash(first.dataDir, code))).toBe(false);

    await first.stop();
    // A damaged backup is refused before anything is replaced.
    const damaged = path.join(work, "damaged");
    fs.cpSync(backupDir, damaged, { recursive: true });
    fs.appendFileSync(path.join(damaged, "akmola.sqlite"), "x");
    const refused = run("scripts/restore.ts", [damaged], first.dataDir);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("damaged");
    expect(receiptHashesIn(path.join(first.dataDir, "akmola.sqlite")).has(storedReceiptHash(first.dataDir, after[0]!))).toBe(true);

    const restore = run("scripts/restore.ts", [backupDir], first.dataDir);
    expect(restore.status, restore.output).toBe(0);
    const restored = receiptHashesIn(path.join(first.dataDir, "akmola.sqlite"));
    expect(restored).toEqual(inBackup);
    expect(fs.readdirSync(first.dataDir).some((f) => f.startsWith("akmola.sqlite.before-restore-"))).toBe(true);

    // The restored region serves: a report from before the backup is found by its receipt code.
    const second = await startServer({ dataDir: first.dataDir, keepData: true });
    servers.push(second);
    const status = await fetch(`${second.baseUrl}/status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: second.baseUrl },
      body: new URLSearchParams({ intent: "open", code: before[0]! }).toString(),
    });
    expect(status.status).toBe(200);
    expect(await status.text()).toContain('name="intent" value="message"');
    await second.stop();
    fs.rmSync(first.dataDir, { recursive: true, force: true });
  }, 120_000);
});
