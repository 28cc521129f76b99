import { hashReceiptCode } from "../../app/domain/reports/receipt-code.server";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { decodeTotpSecret, TOTP_PERIOD_SECONDS, totpCodeAt, totpStep } from "../../app/domain/auth/two-factor.server";
import { dictionaries } from "../../app/i18n/dictionary";
import { DEMO_TOTP_SECRET } from "../../scripts/seed-demo";

/** The repository root (tests/e2e/../..). */
export const root = path.resolve(new URL("../..", import.meta.url).pathname);

export const DEMO_PASSWORD = "senim-demo-2026";
export const SCHOOL = "AK7K3M";
export const OTHER_SCHOOL = "AK4P9T";
export const PSYCHOLOGIST = "psychologist@demo.senim.kz";
export const PSYCHOLOGIST2 = "psychologist2@demo.senim.kz";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export type RunningServer = {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the server wrote to stdout and stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
  /** kill -9 of the server and its workers: no shutdown handler runs, no buffer is flushed. */
  crash: () => Promise<void>;
};

/** Waits up to 15 s for a process group's leader to end, then kills the group. */
async function waitForExit(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + 15_000; alive() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export type ServerOptions = {
  /** Serve an existing data directory (left by an earlier server) instead of a fresh demo one. */
  dataDir?: string;
  /** Keep the data directory when stopping, to start a later server on it. */
  keepData?: boolean;
  /** Extra environment, e.g. a later SENIM_TODAY to move the school's calendar forward. */
  env?: Record<string, string>;
  /** false: a server meant to start degraded; ready once /healthz answers at all (503 too). */
  expectHealthy?: boolean;
};

/**
 * The real server (scripts/serve.ts, compiled into the production build) on a fresh, demo-seeded data directory.
 * Uses http://localhost so Chromium accepts the Secure session cookie.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "senim-e2e-"));
  if (!options.dataDir) {
    const seeded = spawnSync(tsx, ["scripts/demo.ts"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, ...options.env },
      encoding: "utf8",
    });
    if (seeded.status !== 0) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`Seeding the demo region failed:\n${seeded.stdout}\n${seeded.stderr}`);
    }
  }

  const port = await freePort();
  const chunks: Buffer[] = [];
  const child: ChildProcess = spawn(process.execPath, ["build/server/index.js"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "production", RATE_LIMIT_MULTIPLIER: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it reaches its workers too.
    detached: true,
  });
  child.stdout!.on("data", (c: Buffer) => chunks.push(c));
  child.stderr!.on("data", (c: Buffer) => chunks.push(c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = () => Buffer.concat(chunks).toString("utf8");
  const baseUrl = `http://localhost:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5000));
      if ((await Promise.race([exited, timeout])) === "timeout") {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    // Litestream runs in its own process group and outlives the server on purpose (it uploads what
    // is left, then exits): wait for it, so nothing writes into a folder a test is about to delete.
    for (const pid of [...log().matchAll(/Litestream \(pid (\d+)\)/g)].map((m) => Number(m[1]))) await waitForExit(pid);
    if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };

  // Generous: on a loaded CI machine two workers importing the build can take half a minute.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited early (code ${child.exitCode}):\n${log()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200 || (options.expectHealthy === false && res.status === 503)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /healthz within 90 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const crash = async () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGKILL");
    await exited;
  };
  return { baseUrl, port, dataDir, log, stop, crash };
}

/** Every file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** The real server and a browser for one test file, started before its tests and stopped after. */
export function withServerAndBrowser(): { server: RunningServer; browser: Browser } {
  const env = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    [env.server, env.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** The demo accounts' published TOTP secret (scripts/seed-demo.ts), to type codes as a person would. */
const demoSecret = decodeTotpSecret(DEMO_TOTP_SECRET)!;
/** The last step whose code each account used, per test file (each file has its own server). */
const usedSteps = new Map<string, number>();

/**
 * The six-digit code a demo account's phone shows, never one the server has already accepted:
 * when this account used the current and the next step's codes, it waits for the next step.
 */
export async function demoTotpCode(email: string): Promise<string> {
  const now = totpStep(new Date());
  const step = Math.max(now, (usedSteps.get(email) ?? 0) + 1);
  if (step > now + 1) {
    const wait = (step - 1) * TOTP_PERIOD_SECONDS * 1000 - Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait) + 50));
  }
  usedSteps.set(email, step);
  return totpCodeAt(demoSecret, step);
}

/**
 * Signs a demo account in through the pages, typing the password and, where the account needs
 * one, the current code from its authenticator; resolves once the page after sign-in is shown.
 * `baseUrl` is for pages whose context has no baseURL of its own.
 */
export async function signInOnPage(
  page: Page,
  email: string,
  options: { lang?: "kk" | "ru" | "en"; baseUrl?: string; password?: string } = {},
): Promise<void> {
  const lang = options.lang ?? "ru";
  const dict = dictionaries[lang];
  await page.goto(`${options.baseUrl ?? ""}/staff/sign-in?lang=${lang}`);
  await page.getByLabel(dict["signIn.email"], { exact: true }).fill(email);
  await page.getByLabel(dict["signIn.password"], { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/staff/sign-in"),
    page.getByRole("button", { name: dict["signIn.submit"], exact: true }).click(),
  ]);
  if (new URL(page.url()).pathname !== "/staff/two-factor") return;
  // Signed in, the pages speak the account's saved language.
  await page.locator("#code").waitFor();
  const saved = dictionaries[((await page.locator("html").getAttribute("lang")) ?? lang) as keyof typeof dictionaries] ?? dict;
  await page.getByLabel(saved["accounts.twoFactor.code"], { exact: true }).fill(await demoTotpCode(email));
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/staff/two-factor"),
    page.getByRole("button", { name: saved["accounts.twoFactor.submit"], exact: true }).click(),
  ]);
}

/** A fresh form token from a school's report page, as a browser would have it (for tests that post with fetch). */
export async function reportFormToken(baseUrl: string, school: string = SCHOOL): Promise<string> {
  const html = await (await fetch(`${baseUrl}/r/${school}`)).text();
  const token = /name="formToken" value="([^"]*)"/.exec(html)?.[1];
  if (!token) throw new Error(`No form token on /r/${school}`);
  return token;
}

/**
 * A receipt code's stored hash as the server under `dataDir` writes it: keyed with that data
 * directory's key file, not this test process's.
 */
export function storedReceiptHash(dataDir: string, code: string): string {
  const before = process.env.SENIM_DATA_KEY_FILE;
  process.env.SENIM_DATA_KEY_FILE = path.join(dataDir, "data-keys");
  try {
    return hashReceiptCode(code);
  } finally {
    if (before === undefined) delete process.env.SENIM_DATA_KEY_FILE;
    else process.env.SENIM_DATA_KEY_FILE = before;
  }
}
