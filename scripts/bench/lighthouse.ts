// Lighthouse audits of the student's report page and the psychologist's inbox, in Debian's
// Chromium with Lighthouse's mobile settings (a mid-range phone, simulated slow 4G):
//   npm run bench:lighthouse [-- --runs 3]
// Targets: performance ≥ 95 and accessibility 100 on the report page. Figures in README.md here.
import { serverEntry } from "./processes";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { decodeTotpSecret, totpCodeAt, totpStep } from "../../app/domain/auth/two-factor.server";
import { DEMO_TOTP_SECRET } from "../seed-demo";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Math.max(1, Number(args.runs) || 3);
const root = path.resolve(new URL("../..", import.meta.url).pathname);
const tsx = path.join(root, "node_modules/.bin/tsx");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-lighthouse-"));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: "production", COOKIE_SECURE: "false" };
const seeded = spawnSync(tsx, ["scripts/demo.ts"], { cwd: root, env, encoding: "utf8" });
if (seeded.status !== 0) throw new Error(`Seeding failed:\n${seeded.stderr}`);
const port = await freePort();
const server = spawn(process.execPath, serverEntry(), { cwd: root, env: { ...env, PORT: String(port) }, stdio: "ignore", detached: true });
const base = `http://localhost:${port}`;
let chrome: chromeLauncher.LaunchedChrome | undefined;

try {
  for (let i = 0; ; i++) {
    if (i > 300) throw new Error("The server did not start");
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The psychologist signs in as a browser would: password, then the demo account's code.
  const form = (body: Record<string, string>, cookie = "") =>
    fetch(`${base}${body.path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie },
      body: new URLSearchParams(Object.fromEntries(Object.entries(body).filter(([k]) => k !== "path"))).toString(),
    });
  const signedIn = await form({ path: "/staff/sign-in", email: "psychologist@demo.senim.kz", password: "senim-demo-2026" });
  const cookie = /senim_session=[^;]+/.exec(signedIn.headers.get("set-cookie") ?? "")![0];
  const code = totpCodeAt(decodeTotpSecret(DEMO_TOTP_SECRET)!, totpStep(new Date()));
  const second = await form({ path: "/staff/two-factor", intent: "verify", code }, cookie);
  if (second.status !== 302) throw new Error(`Second factor answered ${second.status}`);

  chrome = await chromeLauncher.launch({
    chromePath: "/usr/bin/chromium",
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const pages: Array<{ name: string; url: string; headers: Record<string, string> }> = [
    { name: "report page /r/AK7K3M", url: `${base}/r/AK7K3M?lang=kk`, headers: {} },
    { name: "psychologist's inbox /school/reports", url: `${base}/school/reports`, headers: { Cookie: cookie } },
  ];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `Lighthouse ${JSON.stringify((await import("lighthouse/package.json", { with: { type: "json" } })).default.version)}, mobile settings, ${runs} run(s) per page, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const page of pages) {
    const perf: number[] = [];
    const a11y: number[] = [];
    let fcp = 0;
    let lcp = 0;
    let bytes = 0;
    let scriptBytes = 0;
    let documentBytes = 0;
    for (let r = 0; r < runs; r++) {
      const result = await lighthouse(page.url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders: page.headers,
      });
      const lhr = result!.lhr;
      if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(page.url).pathname)
        throw new Error(`${page.name} ended at ${lhr.finalDisplayedUrl}`);
      perf.push(Math.round((lhr.categories.performance!.score ?? 0) * 100));
      a11y.push(Math.round((lhr.categories.accessibility!.score ?? 0) * 100));
      fcp = lhr.audits["first-contentful-paint"]!.numericValue ?? 0;
      lcp = lhr.audits["largest-contentful-paint"]!.numericValue ?? 0;
      bytes = lhr.audits["total-byte-weight"]!.numericValue ?? 0;
      // Transferred (gzipped) bytes by type: the JavaScript budget, and the page that now carries its one language's messages.
      const summary = lhr.audits["resource-summary"]!.details;
      const transferred = (type: string) =>
        summary?.type === "table" ? Number(summary.items.find((i) => i.resourceType === type)?.transferSize ?? 0) : 0;
      scriptBytes = transferred("script");
      documentBytes = transferred("document");
      const failing = Object.values(lhr.audits).filter(
        (a) => a.scoreDisplayMode === "binary" && a.score === 0 && lhr.categories.accessibility!.auditRefs.some((ref) => ref.id === a.id),
      );
      if (failing.length > 0) console.log(`  ${page.name}: accessibility audits failing: ${failing.map((a) => a.id).join(", ")}`);
    }
    console.log(
      `${page.name}: performance ${median(perf)} (runs ${perf.join(", ")}), accessibility ${median(a11y)}; last run FCP ${Math.round(fcp)} ms, LCP ${Math.round(lcp)} ms, ${Math.round(bytes / 1024)} KB transferred (JavaScript ${Math.round(scriptBytes / 1024)} KB, document ${Math.round(documentBytes / 1024)} KB)`,
    );
    if (page.name.startsWith("report page")) {
      const met = median(perf) >= 95 && median(a11y) === 100;
      console.log(met ? "  targets met (performance ≥ 95, accessibility 100)" : "  MISSED (performance ≥ 95, accessibility 100)");
    }
  }
} finally {
  await chrome?.kill();
  if (server.pid) process.kill(-server.pid, "SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
