// Report intake under load: the real server (production build) against a minimal
// node:http + better-sqlite3 server doing the same durable insert, the floor for this machine.
// Usage: npm run bench:intake -- [--duration 15] [--connections 50] [--warmup 10] [--rounds 1]
//        [--only senim|floor] [--gzip] [--cpu-prof <dir>] [--data-root <dir>]
// (--warmup defaults to 10 s: a saturated Node server takes seconds to accept 50 connections.)
// See scripts/bench/README.md for what it checks and the figures measured.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import { freePort, nodeArgs, root, runNode, serverEntry } from "./processes";
import { hashReceiptCode } from "../../app/domain/reports/receipt-code.server";

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const SCHOOL = "AK7K3M"; // the first demo school

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "15" },
    connections: { type: "string", default: "50" },
    warmup: { type: "string", default: "10" },
    rounds: { type: "string", default: "1" },
    "data-root": { type: "string" },
    only: { type: "string" },
    gzip: { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});
const duration = positive("duration", args.duration);
const connections = positive("connections", args.connections);
const rounds = positive("rounds", args.rounds);
const warmup = Number(args.warmup);
if (!Number.isFinite(warmup) || warmup < 0) throw new Error("--warmup must be a number of seconds ≥ 0");
if (args.only && args.only !== "senim" && args.only !== "floor") throw new Error("--only is senim or floor");
const cpuProfDir = args["cpu-prof"] ? path.resolve(args["cpu-prof"]) : undefined;

function positive(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

// The form a child sends from the demo school's poster.
const form = new URLSearchParams([
  ["reporterRole", "self"],
  ["categories", "verbal"],
  ["categories", "exclusion"],
  ["location", "classroom"],
  ["frequency", "weekly"],
  ["since", "weeks"],
  ["grade", "7"],
  ["description", "Олар күн сайын сабақта маған күледі. They laugh at me every day in class and nobody sits with me."],
  ["website", ""],
]).toString();
const CATEGORIES_PER_REPORT = 2;
const RECEIPT = /class="receipt-code"[^>]*>([\d ]+)</;
const FORM_TOKEN = /name="formToken" value="([^"]*)"/;

// ---------------------------------------------------------------------------------------------
// Cleanup: every child we start and every temp dir we make is undone, even on error or Ctrl-C.

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

function cleanup() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// Processes

/** One node process whose pid we can watch: a CLI script through tsx, or the compiled server. */
function startNode(name: string, script: string | string[], env: Record<string, string>, nodeFlags: string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, ...nodeArgs(script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return { name, child, output: () => output };
}
type Server = ReturnType<typeof startNode> & { url: string };

async function waitHealthy(server: Server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} not healthy after ${timeoutMs} ms:\n${server.output()}`);
}

/** Stops a server and waits for it to be gone. SIGKILL: acknowledged reports must survive a crash, not only a clean shutdown. */
async function stop(server: Server, signal: NodeJS.Signals) {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.delete(child);
}

/** The process and every process below it (the server's cluster workers), from /proc. */
function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** Resident memory of the server and its workers, now and at peak (summed over processes). */
function procStatus(pid: number) {
  let rssMb = 0;
  let peakRssMb = 0;
  for (const p of processTree(pid)) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
      rssMb += kb("VmRSS") / 1024;
      peakRssMb += kb("VmHWM") / 1024;
    } catch {
      // gone meanwhile
    }
  }
  return rssMb > 0 ? { rssMb, peakRssMb } : { rssMb: NaN, peakRssMb: NaN };
}

/** User + system CPU seconds the server and its workers have used so far (Linux). */
function cpuSeconds(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Busy CPU seconds of the whole machine so far, from /proc/stat (all CPUs, excluding idle and iowait). */
function machineBusySeconds(): number {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return NaN;
  }
}

/** The filesystem a path is on, from /proc/mounts: fsync costs depend on it. */
function filesystemOf(dir: string): string {
  try {
    const mounts = fs
      .readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((l) => l.split(" "))
      .filter((m) => m.length > 2 && (dir === m[1] || dir.startsWith(m[1] === "/" ? "/" : `${m[1]}/`)));
    const best = mounts.sort((a, b) => b[1]!.length - a[1]!.length)[0];
    return best ? `${best[2]} (${best[0]} on ${best[1]})` : "unknown";
  } catch {
    return "unknown";
  }
}

// ---------------------------------------------------------------------------------------------
// Load

type Counters = { server: number; own: NodeJS.CpuUsage; machine: number; at: number };

function counters(pid: number): Counters {
  return { server: cpuSeconds(pid), own: process.cpuUsage(), machine: machineBusySeconds(), at: performance.now() };
}

type Load = {
  result: autocannon.Result;
  /** Latencies (ms) of the 2xx responses that arrived in the measured window. */
  window: number[];
  windowFailed: number;
  /** How many of the connections got at least one answer in the measured window. */
  windowConnections: number;
  windowStart?: Counters;
  codes: string[];
  withoutCode: number;
  samples: string[];
};

/**
 * One autocannon run of warm-up + measured seconds on the same 50 connections. Only responses
 * in the last `measured` seconds count for req/s and latency: the warm-up also covers the time
 * a saturated Node server takes to accept all 50 connections (it accepts a few at a time,
 * so the first request of a late connection can wait seconds).
 */
function load(url: string, pid: number, warmupS: number, measuredS: number): Promise<Load> {
  const codes: string[] = [];
  let withoutCode = 0;
  const samples: string[] = [];
  const window: number[] = [];
  let windowFailed = 0;
  const windowClients = new Set<unknown>();
  let windowStart: Counters | undefined;
  let inWindow = warmupS === 0;
  if (inWindow) windowStart = counters(pid);
  // As a browser posts the form: same-origin Origin header, urlencoded body.
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", origin: url };
  // Browsers ask for gzip; autocannon does not unless told, and could not read a gzipped body.
  if (args.gzip) headers["accept-encoding"] = "gzip";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      inWindow = true;
      windowStart = counters(pid);
    }, warmupS * 1000);
    const instance = autocannon(
      {
        url: `${url}/r/${SCHOOL}`,
        connections,
        duration: warmupS + measuredS,
        // A report is two requests, as for a child: the form page (its single-use form token),
        // then the post with that token.
        requests: [
          {
            method: "GET",
            // Never gzipped, so the token can be read even in a --gzip run.
            headers: {},
            onResponse: (_status, body, context) => {
              (context as { formToken?: string }).formToken = FORM_TOKEN.exec(body)?.[1] ?? "";
            },
          },
          {
            method: "POST",
            headers,
            setupRequest: (request, context) => ({
              ...request,
              body: `${form}&formToken=${encodeURIComponent((context as { formToken?: string }).formToken ?? "")}`,
            }),
            onResponse: (status, body) => {
              if (status < 200 || status >= 300) {
                if (samples.length < 3) samples.push(`${status}: ${body.slice(0, 300)}`);
                return;
              }
              if (args.gzip) return;
              const match = RECEIPT.exec(body);
              if (match) codes.push(match[1]!.replace(/\s/g, ""));
              else withoutCode++;
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ result, window, windowFailed, windowConnections: windowClients.size, windowStart, codes, withoutCode, samples });
      },
    );
    instance.on("response", (client, status, _bytes, latency) => {
      if (!inWindow) return;
      windowClients.add(client);
      if (status >= 200 && status < 300) window.push(latency);
      else windowFailed++;
    });
    instance.on("reqError", () => {
      if (inWindow) windowFailed++;
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;
}

// ---------------------------------------------------------------------------------------------
// One target: start, warm up, measure, stop, check the database.

type Measured = {
  name: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 over the whole run, warm-up and connection ramp-up included (autocannon's own figure). */
  p99All: number;
  ok: number;
  failed: number;
  timeouts: number;
  windowFailed: number;
  withoutCode: number;
  windowConnections: number;
  cpuPct: number;
  loadGenPct: number;
  otherPct: number;
  rssMb: number;
  peakRssMb: number;
  durability: { acked: number; found: number; categoriesOk: boolean; rowsAdded: number; inFlight: number; ok: boolean };
};

function countReports(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const db = new SQLite(file, { fileMustExist: true });
  try {
    return db.prepare("select count(*) from reports").pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Opens the file after the server is gone and looks up every acknowledged code by its hash. */
function checkDurability(file: string, codes: string[], before: number, unanswered: number) {
  // Receipt hashes are keyed with the server's data key: hash with its key file, not this
  // process's; then forget it, or the next server started from this environment would take it.
  const keyFileBefore = process.env.SENIM_DATA_KEY_FILE;
  process.env.SENIM_DATA_KEY_FILE = path.join(path.dirname(file), "data-keys");
  const restoreKeyFile = () => {
    if (keyFileBefore === undefined) delete process.env.SENIM_DATA_KEY_FILE;
    else process.env.SENIM_DATA_KEY_FILE = keyFileBefore;
  };
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.exec("create temp table acked (hash text primary key)");
    const add = db.prepare("insert or ignore into acked (hash) values (?)");
    db.transaction(() => {
      for (const code of codes) add.run(hashReceiptCode(code));
    })();
    const found = db.prepare("select count(*) from reports join acked on acked.hash = reports.receipt_hash").pluck().get() as number;
    const categories = db
      .prepare(
        "select count(*) from report_categories join reports on reports.id = report_categories.report_id join acked on acked.hash = reports.receipt_hash",
      )
      .pluck()
      .get() as number;
    const total = db.prepare("select count(*) from reports").pluck().get() as number;
    const rowsAdded = total - before;
    const inFlight = rowsAdded - codes.length;
    const categoriesOk = categories === found * CATEGORIES_PER_REPORT;
    // Rows beyond the acknowledged ones are requests the server committed after the load
    // generator stopped listening: at most one per connection, plus any it gave up on (timeouts).
    const ok = found === codes.length && categoriesOk && inFlight >= 0 && inFlight <= unanswered;
    return { acked: codes.length, found, categoriesOk, rowsAdded, inFlight, ok };
  } finally {
    db.close();
    restoreKeyFile();
  }
}

async function measure(name: "senim" | "floor", base: string, round: number): Promise<Measured> {
  const port = await freePort();
  const dir = path.join(base, `${name}-${round}`);
  fs.mkdirSync(dir, { recursive: true });
  let dbFile: string;
  let server: Server;
  const profFlags = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(cpuProfDir, `${name}-${round}`)}`] : [];
  if (name === "senim") {
    runNode("scripts/demo.ts", { DATA_DIR: dir });
    dbFile = path.join(dir, "akmola.sqlite");
    const env = { DATA_DIR: dir, PORT: String(port), NODE_ENV: "production", RATE_LIMIT_MULTIPLIER: "100000" };
    server = { ...startNode("Senim", serverEntry(), env, profFlags), url: `http://127.0.0.1:${port}` };
  } else {
    dbFile = path.join(dir, "floor.sqlite");
    server = {
      ...startNode("floor", "scripts/bench/floor-server.ts", { DATA_FILE: dbFile, DATA_DIR: dir, PORT: String(port) }, profFlags),
      url: `http://127.0.0.1:${port}`,
    };
  }
  await waitHealthy(server);
  const pid = server.child.pid!;
  const before = countReports(dbFile);

  process.stdout.write(`${server.name}: ${warmup} s warm-up + ${duration} s measured at ${connections} connections… `);
  const run = await load(server.url, pid, warmup, duration);
  const end = counters(pid);
  const start = run.windowStart ?? end;
  const seconds = (end.at - start.at) / 1000;
  const serverUsed = end.server - start.server;
  const own = process.cpuUsage(start.own);
  const loadGenUsed = (own.user + own.system) / 1e6;
  // Whatever else ran on the machine meanwhile (other jobs make the figures noisy).
  const otherUsed = end.machine - start.machine - serverUsed - loadGenUsed;
  const mem = procStatus(pid);
  // A profile is only written on a clean exit; otherwise the server is killed as in a crash.
  await stop(server, cpuProfDir ? "SIGTERM" : "SIGKILL");
  console.log("done");

  const { result } = run;
  const durability = args.gzip
    ? { acked: 0, found: 0, categoriesOk: true, rowsAdded: countReports(dbFile) - before, inFlight: 0, ok: true }
    : checkDurability(dbFile, run.codes, before, connections + result.errors);
  for (const s of run.samples) console.log(`  ${server.name} non-2xx sample: ${s}`);
  const latencies = [...run.window].sort((a, b) => a - b);
  return {
    name: server.name,
    round,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    p99All: result.latency.p99,
    ok: latencies.length,
    failed: result.errors + result.non2xx,
    timeouts: result.timeouts,
    windowFailed: run.windowFailed,
    withoutCode: run.withoutCode,
    windowConnections: run.windowConnections,
    cpuPct: (serverUsed / seconds) * 100,
    loadGenPct: (loadGenUsed / seconds) * 100,
    otherPct: Math.max(0, (otherUsed / seconds) * 100),
    rssMb: mem.rssMb,
    peakRssMb: mem.peakRssMb,
    durability,
  };
}

// ---------------------------------------------------------------------------------------------

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    console.log("No production build: running npm run build…");
    const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build failed");
  }
  const dataRoot = path.resolve(args["data-root"] ?? os.tmpdir());
  fs.mkdirSync(dataRoot, { recursive: true });
  const base = fs.mkdtempSync(path.join(dataRoot, "senim-bench-"));
  tempDirs.push(base);
  if (cpuProfDir) fs.mkdirSync(cpuProfDir, { recursive: true });

  console.log(
    `Report intake: POST /r/${SCHOOL}, ${connections} connections, ${duration} s measured after ${warmup} s warm-up, ` +
      `${rounds} round(s)${args.gzip ? ", Accept-Encoding: gzip" : ""}`,
  );
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; data on ${filesystemOf(base)}`,
  );
  if (os.loadavg()[0]! > 0.5)
    console.log('Note: the machine is already busy; other jobs make these figures noisy (see the "other CPU" column).');

  const order: Array<"senim" | "floor"> = args.only ? [args.only as "senim" | "floor"] : ["floor", "senim"];
  const results: Measured[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so neither always meets a warmer (or busier) machine.
    for (const name of round % 2 ? order : [...order].reverse()) results.push(await measure(name, base, round));
  }

  console.log();
  table([
    [
      "",
      "req/s",
      "p50 ms",
      "p99 ms",
      "max ms",
      "p99 whole run",
      "2xx",
      "errors+non-2xx",
      "no code",
      "server CPU",
      "autocannon CPU",
      "other CPU",
      "RSS MB (peak)",
      "durable",
    ],
    ...results.map((r) => [
      rounds > 1 ? `${r.name} #${r.round}` : r.name,
      fmt(r.rps),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.max),
      fmt(r.p99All),
      String(r.ok),
      String(r.failed),
      String(r.withoutCode),
      `${fmt(r.cpuPct)}%`,
      `${fmt(r.loadGenPct)}%`,
      `${fmt(r.otherPct)}%`,
      `${fmt(r.rssMb)} (${fmt(r.peakRssMb)})`,
      args.gzip ? "not checked" : `${r.durability.found}/${r.durability.acked}${r.durability.ok ? "" : " FAIL"}`,
    ]),
  ]);
  console.log(
    '(req/s, p50, p99, max, 2xx, CPU: the measured window only. "p99 whole run" includes the warm-up and the connection ramp-up.\n' +
      ' CPU as % of one core; "other" is everything else running on the machine meanwhile.)',
  );
  if (!args.gzip) {
    for (const r of results) {
      const d = r.durability;
      console.log(
        `${r.name}${rounds > 1 ? ` #${r.round}` : ""}: ${d.found} of ${d.acked} acknowledged receipt codes found after SIGKILL, ` +
          `categories ${d.categoriesOk ? "complete" : "MISSING"}; ${d.rowsAdded} rows added = ${d.acked} acknowledged + ` +
          `${d.inFlight} committed after the load generator stopped waiting for them`,
      );
    }
  }

  for (const r of results) {
    if (r.windowConnections < connections) {
      console.log(
        `Note: only ${r.windowConnections} of ${connections} ${r.name} connections were answered in the measured window; a longer --warmup would measure all of them.`,
      );
    }
  }
  const of = (name: string) => results.filter((r) => r.name === name);
  const senim = of("Senim");
  const floor = of("floor");
  const label = rounds > 1 ? ` (median of ${rounds} rounds)` : "";
  console.log();
  if (senim.length && floor.length) {
    const ratio = median(senim.map((r) => r.rps)) / median(floor.map((r) => r.rps));
    console.log(
      `Senim / floor throughput${label}: ${fmt(ratio, 2)} (target ≥ ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? "MET" : "MISSED"}`,
    );
  }
  if (senim.length) {
    const p99 = median(senim.map((r) => r.p99));
    console.log(
      `Senim p99 at ${connections} connections${label}: ${fmt(p99)} ms (target ≤ ${TARGET_P99_MS} ms) ${p99 <= TARGET_P99_MS ? "MET" : "MISSED"}`,
    );
  }
  if (floor.length) {
    console.log(`(floor p99 at ${connections} connections${label}: ${fmt(median(floor.map((r) => r.p99)))} ms)`);
  }

  const problems = results.flatMap((r) => {
    const name = rounds > 1 ? `${r.name} #${r.round}` : r.name;
    return [
      ...(r.ok === 0 ? [`${name}: no successful report`] : []),
      ...(r.failed > 0
        ? [
            `${name}: ${r.failed} requests unanswered or refused (${r.timeouts} timed out after 10 s; ${r.windowFailed} in the measured window, the rest in the warm-up)`,
          ]
        : []),
      ...(r.withoutCode > 0 ? [`${name}: ${r.withoutCode} 2xx responses without a receipt code`] : []),
      ...(!r.durability.ok ? [`${name}: durability check failed (${JSON.stringify(r.durability)})`] : []),
    ];
  });
  for (const p of problems) console.error(`FAILED ${p}`);
  return problems.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  cleanup();
}
process.exit(code);
