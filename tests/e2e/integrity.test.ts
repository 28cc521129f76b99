import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, test, vi } from "vitest";
import { dictionaries } from "../../app/i18n/dictionary";
import { launchBrowser, reportFormToken, root, SCHOOL, startServer, type RunningServer } from "./support";

// Issue #13, "nothing is ever lost or locked away", against the real server process: a lost
// key, a restore under a running server, a read-only or damaged region, a damaged write-ahead log.

const servers: RunningServer[] = [];
vi.setConfig({ testTimeout: 300_000 });
const cleanups: Array<() => void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) c();
  for (const s of servers.reverse()) await s.stop();
  // The servers keep their data (restarts share it): remove it once all are stopped.
  for (const s of servers) fs.rmSync(s.dataDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> {
  const server = await startServer({ keepData: true, ...options, env: { SENIM_HEALTH_INTERVAL_SECONDS: "1", ...options.env } });
  servers.push(server);
  return server;
}

/** Starting must fail: the error carries the exit code and the log. */
async function refusedStart(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const server = await startServer({ dataDir, keepData: true, env });
    servers.push(server);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("the server started");
}

type Health = { ok: boolean; problems: string[] };
async function healthUntil(
  server: RunningServer,
  until: (h: Health, status: number) => boolean,
): Promise<{ status: number; health: Health }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${server.baseUrl}/healthz`);
    const health = (await res.json()) as Health;
    if (until(health, res.status)) return { status: res.status, health };
    if (Date.now() > deadline) throw new Error(`/healthz still says ${res.status} ${JSON.stringify(health)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const report = {
  reporterRole: "self",
  categories: "cyber",
  location: "online",
  frequency: "daily",
  since: "days",
  description: "integrity check words",
};
async function postReport(server: RunningServer, lang = "ru") {
  const formToken = await reportFormToken(server.baseUrl);
  return fetch(`${server.baseUrl}/r/${SCHOOL}?lang=${lang}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
    body: new URLSearchParams({ ...report, formToken }).toString(),
  });
}

function run(script: string, args: string[], dataDir: string, env: Record<string, string> = {}) {
  const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    encoding: "utf8",
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const keyIdIn = (dataDir: string) => fs.readFileSync(path.join(dataDir, "data-keys"), "utf8").split(":")[0]!;
const noStackTraces = (log: string) => expect(log).not.toMatch(/\n\s+at [\w.<]+ \(/);

/** Makes a file unwritable even for root (chattr +i), else by its mode; returns the undo. */
function makeReadOnly(file: string): () => void {
  if (process.getuid?.() === 0) {
    const r = spawnSync("chattr", ["+i", file]);
    if (r.status !== 0) throw new Error(`chattr +i failed: ${r.stderr}`);
    return () => void spawnSync("chattr", ["-i", file]);
  }
  fs.chmodSync(file, 0o444);
  return () => fs.chmodSync(file, 0o644);
}

describe("data keys", () => {
  test("a key deleted while running: /healthz 503 naming it, reports still taken, no new key; restart refused naming it", async () => {
    const server = await start();
    const dir = server.dataDir;
    const id = keyIdIn(dir);
    fs.rmSync(path.join(dir, "data-keys"));

    const { status, health } = await healthUntil(server, (h) => !h.ok && h.problems.some((p) => p.includes(id)));
    expect(status).toBe(503);
    expect(JSON.stringify(health)).not.toContain(report.description);
    // A child is never refused: the report is stored, sealed with the key still in memory.
    const res = await postReport(server);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('class="receipt-code"');
    expect(fs.existsSync(path.join(dir, "data-keys"))).toBe(false);
    const db = new SQLite(path.join(dir, "akmola.sqlite"), { readonly: true });
    const sealed = db.prepare("select description from reports order by id desc limit 1").pluck().get() as string;
    db.close();
    expect(sealed.startsWith(`sealed:v1:${id}:`)).toBe(true);

    await server.stop();
    const refused = await refusedStart(dir);
    expect(refused).toMatch(/exited early \(code 78\)/);
    expect(refused).toContain(id);
    expect(refused).toContain("Senim cannot start");
    expect(fs.existsSync(path.join(dir, "data-keys"))).toBe(false); // still no key made
  });

  test("the key put back: the server starts and opens everything", async () => {
    const server = await start();
    expect((await postReport(server)).status).toBe(200); // sealed data: from now on the key cannot be replaced
    const keys = fs.readFileSync(path.join(server.dataDir, "data-keys"), "utf8");
    await server.stop();
    fs.rmSync(path.join(server.dataDir, "data-keys"));
    expect(await refusedStart(server.dataDir)).toContain(keys.split(":")[0]);
    fs.writeFileSync(path.join(server.dataDir, "data-keys"), keys, { mode: 0o600 });
    const again = await start({ dataDir: server.dataDir });
    expect((await fetch(`${again.baseUrl}/healthz`)).status).toBe(200);
    expect(again.log()).toMatch(/data key file .* is inside DATA_DIR/);
  });
});

describe("restore", () => {
  test("refused while the server runs, for a damaged backup and for a missing key; a dead server's lock does not block", async () => {
    const server = await start();
    const dir = server.dataDir;
    expect((await postReport(server)).status).toBe(200); // sealed data in the backup
    const backup = fs.mkdtempSync(path.join(os.tmpdir(), "senim-integrity-backup-"));
    cleanups.push(() => fs.rmSync(backup, { recursive: true, force: true }));
    fs.rmSync(backup, { recursive: true });
    const made = run("scripts/backup.ts", ["--to", backup], dir);
    expect(made.status, made.output).toBe(0);

    const during = run("scripts/restore.ts", [backup], dir);
    expect(during.status).toBe(1);
    expect(during.output).toMatch(/in use by a Senim server \(pid \d+\)\. Stop it first/);
    expect(fs.readdirSync(dir).some((f) => f.includes("before-restore"))).toBe(false);

    const live = path.join(dir, "akmola.sqlite");
    await server.crash(); // kill -9: the lock file stays, its pid is dead
    expect(fs.existsSync(path.join(dir, "senim.lock"))).toBe(true);
    const before = sha(live);

    // A page overwritten in the copy, with a manifest that agrees: integrity_check must catch it.
    const damaged = fs.mkdtempSync(path.join(os.tmpdir(), "senim-integrity-damaged-"));
    cleanups.push(() => fs.rmSync(damaged, { recursive: true, force: true }));
    fs.cpSync(backup, damaged, { recursive: true });
    const copy = path.join(damaged, "akmola.sqlite");
    corruptMiddlePage(copy);
    const manifest = JSON.parse(fs.readFileSync(path.join(damaged, "manifest.json"), "utf8"));
    manifest.regions[0].sha256 = sha(copy);
    fs.writeFileSync(path.join(damaged, "manifest.json"), JSON.stringify(manifest));
    const bad = run("scripts/restore.ts", [damaged], dir);
    expect(bad.status).toBe(1);
    expect(bad.output).toContain("failed integrity_check");
    expect(sha(live)).toBe(before);

    // A key file that lacks the backup's key.
    const otherKeys = path.join(damaged, "other-keys");
    fs.writeFileSync(otherKeys, `kother:${Buffer.alloc(32, 7).toString("base64")}\n`);
    const id = keyIdIn(dir);
    const keyless = run("scripts/restore.ts", [backup], dir, { SENIM_DATA_KEY_FILE: otherKeys });
    expect(keyless.status).toBe(1);
    expect(keyless.output).toContain(`key id(s) ${id}`);
    expect(sha(live)).toBe(before);
    expect(fs.readdirSync(dir).some((f) => f.includes("before-restore"))).toBe(false);

    const ok = run("scripts/restore.ts", [backup], dir);
    expect(ok.status, ok.output).toBe(0);
    expect(fs.existsSync(path.join(dir, "senim.lock"))).toBe(false);
    noStackTraces(bad.output + keyless.output + during.output);
  });
});

function corruptMiddlePage(file: string): void {
  const db = new SQLite(file, { readonly: true });
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  db.close();
  const pages = fs.statSync(file).size / pageSize;
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, Math.floor(pages / 2) * pageSize);
  fs.closeSync(fd);
}

describe("degraded regions", () => {
  test("a read-only region: the report form answers 503 in words with 112/111 and no receipt; /healthz names the region", async () => {
    const first = await start();
    await first.stop();
    const file = path.join(first.dataDir, "akmola.sqlite");
    cleanups.push(makeReadOnly(file));
    const server = await start({ dataDir: first.dataDir, expectHealthy: false });
    const { status, health } = await healthUntil(server, (h) => h.problems.some((p) => p.startsWith("akmola: cannot be written")));
    expect(status).toBe(503);
    expect(health.ok).toBe(false);

    for (const lang of ["ru", "kk", "en"] as const) {
      const res = await postReport(server, lang);
      const html = await res.text();
      expect(res.status).toBe(503);
      expect(html).toContain(dictionaries[lang]["integrity.unsaved.title"]);
      expect(html).toContain('href="tel:112"');
      expect(html).toContain('href="tel:111"');
      expect(html).not.toContain('class="receipt-code"');
      expect(html).toContain(report.description); // kept in the form, to send again
    }
    noStackTraces(server.log());

    // As a child sees it, at 360 px, in Kazakh and Russian.
    const browser = await launchBrowser();
    try {
      for (const lang of ["kk", "ru"] as const) {
        const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
        await page.goto(`${server.baseUrl}/r/${SCHOOL}?lang=${lang}`);
        await page.locator('input[name="reporterRole"][value="self"]').check();
        await page.locator('input[name="categories"][value="cyber"]').check();
        await page.locator("#location").selectOption("online");
        await page.locator("#frequency").selectOption("daily");
        await page.locator("#since").selectOption("days");
        await page.locator("#description").fill(report.description);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === "POST"),
          page.locator('button[type="submit"]').click(),
        ]);
        expect(response.status()).toBe(503);
        await page.getByRole("alert").first().waitFor();
        expect(await page.getByRole("alert").first().textContent()).toContain(dictionaries[lang]["integrity.unsaved.call"]);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(360);
        await page.screenshot({ path: path.join(os.tmpdir(), `senim-not-saved-${lang}.png`), fullPage: true });
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  test("a damaged page in a region file: the server starts and /healthz names the region", async () => {
    const first = await start();
    await first.stop();
    corruptMiddlePage(path.join(first.dataDir, "akmola.sqlite"));
    const server = await start({ dataDir: first.dataDir, expectHealthy: false });
    const { status, health } = await healthUntil(server, (h) =>
      h.problems.some((p) => /^akmola: (quick_check failed|cannot be opened)/.test(p)),
    );
    expect(status).toBe(503);
    expect(JSON.stringify(health)).not.toContain(report.description);
  });
});

describe("write-ahead log damage", () => {
  test("acknowledged reports lost with the WAL after kill -9 are reported by the next start (log and /healthz)", async () => {
    const server = await start({ env: { RATE_LIMIT_MULTIPLIER: "1000" } });
    for (let i = 0; i < 10; i++) expect((await postReport(server)).status).toBe(200);
    const mark = path.join(server.dataDir, "akmola.sqlite.acked");
    await healthUntil(server, () => fs.existsSync(mark));
    await new Promise((r) => setTimeout(r, 700)); // the mark is written at most every 500 ms
    await server.crash();
    const wal = path.join(server.dataDir, "akmola.sqlite-wal");
    expect(fs.statSync(wal).size).toBeGreaterThan(32);
    // Garbage over every frame: SQLite's recovery drops them all, without a word.
    const fd = fs.openSync(wal, "r+");
    fs.writeSync(fd, Buffer.alloc(fs.statSync(wal).size - 32, 0x5a), 0, fs.statSync(wal).size - 32, 32);
    fs.closeSync(fd);
    fs.rmSync(path.join(server.dataDir, "akmola.sqlite-shm"), { force: true });

    const restarted = await start({ dataDir: server.dataDir, expectHealthy: false });
    const { status, health } = await healthUntil(restarted, (h) => h.problems.some((p) => p.includes("acknowledged reports are missing")));
    expect(status).toBe(503);
    expect(health.problems.join(" ")).toMatch(/akmola: acknowledged reports are missing .*restore from the replica/);
    expect(restarted.log()).toMatch(/WARNING: akmola: acknowledged reports are missing/);
  });
});
