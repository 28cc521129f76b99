// A flood at one school (issue #12): the real server (production build) receives 1,000 fake urgent
// reports from 50 loopback addresses within a minute, then one genuine urgent report. Measures
// (a) how long until a reader (the school's psychologist) is notified of the genuine one, (b) how
// many notifications each person got for the burst, (c) the inbox's p95 with 10,000 open reports
// at the school (seeded straight into a copy of the database) as the signed-in psychologist.
// Usage: npm run bench:flood -- [--reports 1000] [--addresses 50] [--interval 30] [--open 10000] [--only inbox]
// See scripts/bench/README.md for the figures measured.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { freePort, root, runNode, serverEntry } from "./processes";
import { decodeTotpSecret, totpCodeAt, totpStep } from "../../app/domain/auth/two-factor.server";
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../seed-demo";

const SCHOOL = "AK7K3M"; // the first demo school: psychologist@, deputy teacher@, director school-admin@
const PSYCHOLOGIST = "psychologist@demo.senim.kz";

const { values: args } = parseArgs({
  options: {
    reports: { type: "string", default: "1000" },
    addresses: { type: "string", default: "50" },
    interval: { type: "string", default: "30" },
    open: { type: "string", default: "10000" },
    // "inbox": only (c), on a fresh demo directory without the flood (its 1,000 reports are not seeded).
    only: { type: "string" },
  },
});
const positive = (name: string, raw: string | undefined) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const REPORTS = positive("reports", args.reports);
const ADDRESSES = Math.min(250, positive("addresses", args.addresses));
const INTERVAL_S = positive("interval", args.interval);
const OPEN = positive("open", args.open);
if (args.only !== undefined && args.only !== "inbox") throw new Error("--only takes inbox");
const ONLY_INBOX = args.only === "inbox";
const TARGET_NOTIFY_MS = INTERVAL_S * 1000 + 5000;
const TARGET_PER_PERSON = 3;
const TARGET_INBOX_P95_MS = 100;

// ---------------------------------------------------------------------------------------------
// Processes and temp dirs: undone even on error or Ctrl-C.

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
function cleanup() {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null && child.pid)
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
  children.clear();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });

async function startServer(dataDir: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, serverEntry(), {
    cwd: root,
    // A Tuesday 10:00 at school: the ladder starts at the school's rung (the psychologist).
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      NODE_ENV: "production",
      RATE_LIMIT_MULTIPLIER: "100000",
      SENIM_NOW: "2026-12-08T10:00",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server is not healthy after 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    children.delete(child);
  };
  return { url, port, stop };
}

// ---------------------------------------------------------------------------------------------
// HTTP from a chosen loopback address

type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };
const agents = new Map<string, http.Agent>();
function request(
  base: string,
  from: string,
  method: string,
  pathname: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const agent = agents.get(from) ?? agents.set(from, new http.Agent({ keepAlive: true, maxSockets: 4 })).get(from)!;
  const url = new URL(pathname, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent,
        localAddress: from,
        headers: {
          ...headers,
          ...(body ? { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** One report as a browser sends it: fetch the poster's form, then post it with its formToken when it has one. */
async function sendReport(base: string, from: string, description: string): Promise<number> {
  const form = await request(base, from, "GET", `/r/${SCHOOL}?lang=ru`);
  const token = /name="formToken"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? /value="([^"]*)"[^>]*name="formToken"/.exec(form.body)?.[1];
  const fields = new URLSearchParams([
    ["reporterRole", "self"],
    ["categories", "suicide_self_harm"],
    ["location", "online"],
    ["frequency", "once"],
    ["since", "days"],
    ["description", description],
    ["website", ""],
    ...(token !== undefined ? [["formToken", token]] : []),
  ]);
  const res = await request(base, from, "POST", `/r/${SCHOOL}?lang=ru`, fields.toString(), { origin: base });
  return res.status;
}

async function signIn(base: string): Promise<string> {
  const first = await request(
    base,
    "127.0.0.1",
    "POST",
    "/staff/sign-in",
    new URLSearchParams({ email: PSYCHOLOGIST, password: DEMO_PASSWORD }).toString(),
    { origin: base },
  );
  const cookie = /senim_session=[^;]+/.exec(String(first.headers["set-cookie"] ?? ""))?.[0];
  if (first.status !== 302 || !cookie) throw new Error(`sign-in answered ${first.status}`);
  if (String(first.headers.location ?? "").startsWith("/staff/two-factor")) {
    const code = totpCodeAt(decodeTotpSecret(DEMO_TOTP_SECRET)!, totpStep(new Date()));
    const second = await request(
      base,
      "127.0.0.1",
      "POST",
      "/staff/two-factor",
      new URLSearchParams({ intent: "verify", code }).toString(),
      { origin: base, cookie },
    );
    if (second.status !== 302) throw new Error(`the second factor answered ${second.status}`);
  }
  return cookie;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

// ---------------------------------------------------------------------------------------------

/** (a) and (b): the flood and the genuine report, on the real server. */
async function runFlood(dataDir: string, dbFile: string, schoolId: number) {
  const server = await startServer(dataDir, { ESCALATION_INTERVAL_SECONDS: String(INTERVAL_S) });
  const db = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  const reportsBefore = (db.prepare("select count(*) n from reports where school_id = ?").get(schoolId) as { n: number }).n;
  const lastIdBefore = (db.prepare("select coalesce(max(id), 0) id from reports").get() as { id: number }).id;

  // The flood: REPORTS fake urgent reports from ADDRESSES loopback addresses, 4 in flight per address.
  const addresses = Array.from({ length: ADDRESSES }, (_, i) => `127.0.0.${i + 2}`);
  const statuses = new Map<number, number>();
  let next = 0;
  const floodStart = performance.now();
  await Promise.all(
    addresses.flatMap((from) =>
      Array.from({ length: 4 }, async () => {
        while (next < REPORTS) {
          const i = next++;
          const status = await sendReport(server.url, from, `fake ${i} ${crypto.randomBytes(6).toString("hex")}`).catch(() => 0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    ),
  );
  const floodSeconds = (performance.now() - floodStart) / 1000;

  // The genuine report, from an address of its own.
  const genuineStatus = await sendReport(server.url, "127.0.0.1", "Мне очень страшно, он сказал что принесёт нож");
  const arrived = performance.now();
  const genuine = (db.prepare("select max(id) id from reports where school_id = ?").get(schoolId) as { id: number }).id;
  // A reader is notified of it once its first rung has fired and a psychologist holds a notification
  // for it, or for the burst it arrived in (the grouped alert that sends them to the urgent view).
  const reached = db.prepare(`select exists(select 1 from escalation_events where report_id = @id and kind = 'rung')
      and exists(select 1 from notifications n join users u on u.id = n.user_id where u.role = 'psychologist'
        and (n.report_id = @id or n.burst_id = (select burst_id from escalations where report_id = @id))) as ok`);
  let notifiedMs = NaN;
  while (performance.now() - arrived < TARGET_NOTIFY_MS + 30_000) {
    if ((reached.get({ id: genuine }) as { ok: number }).ok) {
      notifiedMs = performance.now() - arrived;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every report of the flood has had its first rung by the next tick: then count per person.
  await new Promise((r) => setTimeout(r, INTERVAL_S * 1000 + 2000));
  const perPerson = db
    .prepare(
      `select u.email, count(*) n from notifications n join users u on u.id = n.user_id
      where n.report_id in (select id from reports where school_id = ? and id > ?) group by u.email order by u.email`,
    )
    .all(schoolId, lastIdBefore) as Array<{ email: string; n: number }>;
  const accepted = (db.prepare("select count(*) n from reports where school_id = ?").get(schoolId) as { n: number }).n - reportsBefore;
  const inBurst = (db.prepare("select count(*) n from escalations where burst_id is not null").get() as { n: number }).n;
  db.close();
  await server.stop();
  return { floodSeconds, statuses, genuineStatus, notifiedMs, perPerson, accepted, inBurst };
}

async function main() {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) throw new Error("No production build: run `npm run build` first.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-flood-"));
  tempDirs.push(dataDir);
  runNode("scripts/demo.ts", { DATA_DIR: dataDir, SENIM_NOW: "2026-12-08T10:00" });
  const dbFile = path.join(dataDir, "akmola.sqlite");
  const db = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  const schoolId = (db.prepare("select id from schools where code = ?").get(SCHOOL) as { id: number }).id;
  db.close();
  const flood = ONLY_INBOX ? undefined : await runFlood(dataDir, dbFile, schoolId);

  // (c) The inbox with OPEN open reports at the school, seeded straight into a copy of the database.
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-flood-inbox-"));
  tempDirs.push(copyDir);
  fs.cpSync(dataDir, copyDir, { recursive: true });
  const copy = new SQLite(path.join(copyDir, "akmola.sqlite"));
  const have = (copy.prepare("select count(*) n from reports where school_id = ? and status <> 'closed'").get(schoolId) as { n: number }).n;
  const insertReport =
    copy.prepare(`insert into reports (school_id, receipt_hash, reporter_role, location, frequency, since, grade, description,
      contact_requested, contact_name, contact_class, urgent, language, status, submitted_at, first_response_at)
    values (?, ?, 'self', 'classroom', 'weekly', 'weeks', 7, '', 0, '', '', ?, 'ru', ?, ?, ?)`);
  const insertCategory = copy.prepare("insert into report_categories (report_id, category) values (?, ?)");
  const insertLadder = copy.prepare("insert into escalations (report_id, school_id, started_at, out_of_hours) values (?, ?, ?, 0)");
  copy.transaction(() => {
    for (let i = 0; i < Math.max(0, OPEN - have); i++) {
      const at = new Date(Date.parse("2026-09-01T04:00:00Z") + i * 600_000).toISOString();
      const urgent = i % 20 === 0 ? 1 : 0;
      const status = i % 3 === 0 ? "in_progress" : "new";
      const id = Number(
        insertReport.run(schoolId, crypto.randomBytes(32).toString("hex"), urgent, status, at, status === "in_progress" ? at : null)
          .lastInsertRowid,
      );
      insertCategory.run(id, urgent ? "weapon_attack" : i % 2 ? "verbal" : "exclusion");
      if (urgent) insertLadder.run(id, schoolId, at);
    }
  })();
  const open = (copy.prepare("select count(*) n from reports where school_id = ? and status <> 'closed'").get(schoolId) as { n: number }).n;
  copy.close();
  // For profiling by hand: a copy of the seeded data directory (database and data keys), kept.
  if (process.env.FLOOD_KEEP_DIR) fs.cpSync(copyDir, process.env.FLOOD_KEEP_DIR, { recursive: true });
  const inboxServer = await startServer(copyDir, { ESCALATION_INTERVAL_SECONDS: "3600" });
  const cookie = await signIn(inboxServer.url);
  const paths = [
    "",
    "?status=new",
    "?status=urgent",
    "?status=in_progress",
    "?status=not_genuine",
    "?status=closed",
    "?page=2",
    "?page=100",
    "?status=new&page=150",
    "?category=verbal",
    "?category=verbal&page=50",
    "?status=new&category=weapon_attack",
  ].map((q) => `/school/reports${q}`);
  for (const p of paths)
    if ((await request(inboxServer.url, "127.0.0.1", "GET", p, undefined, { cookie })).status !== 200)
      throw new Error(`${p} did not answer 200`);
  const latencies: number[] = [];
  const byPath = new Map<string, { ms: number[]; bytes: number }>();
  for (let round = 0; round < 10; round++) {
    for (const p of paths) {
      const t0 = performance.now();
      const res = await request(inboxServer.url, "127.0.0.1", "GET", p, undefined, { cookie });
      const ms = performance.now() - t0;
      latencies.push(ms);
      const seen = byPath.get(p) ?? byPath.set(p, { ms: [], bytes: res.body.length }).get(p)!;
      seen.ms.push(ms);
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    }
  }
  await inboxServer.stop();
  latencies.sort((a, b) => a - b);
  const p95 = percentile(latencies, 95);

  const inboxOk = p95 <= TARGET_INBOX_P95_MS;
  const cpu = os.cpus();
  console.log(
    `\nFlood at ${SCHOOL}: ${os.platform()} ${os.release()}, ${cpu.length} × ${cpu[0]?.model ?? "?"}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, ladder interval ${INTERVAL_S} s`,
  );
  let floodOk = true;
  const rows: Array<readonly [string, string, string, boolean]> = [];
  if (flood) {
    const { floodSeconds, statuses, genuineStatus, notifiedMs, perPerson, accepted, inBurst } = flood;
    const maxPerPerson = Math.max(0, ...perPerson.map((p) => p.n));
    const notifyOk = Number.isFinite(notifiedMs) && notifiedMs <= TARGET_NOTIFY_MS;
    const perPersonOk = maxPerPerson <= TARGET_PER_PERSON && perPerson.some((p) => p.email === PSYCHOLOGIST);
    floodOk = notifyOk && perPersonOk;
    console.log(
      `Flood: ${REPORTS} urgent reports from ${ADDRESSES} addresses in ${floodSeconds.toFixed(1)} s (answers: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}); accepted ${accepted}; genuine report answered ${genuineStatus}; reports in a burst: ${inBurst}`,
    );
    console.log(`Per person (first rung, whole flood): ${perPerson.map((p) => `${p.email} ${p.n}`).join(", ") || "nobody"}`);
    rows.push(
      [
        "(a) genuine report → first notification of a reader",
        Number.isFinite(notifiedMs) ? `${(notifiedMs / 1000).toFixed(1)} s` : "never",
        `≤ ${TARGET_NOTIFY_MS / 1000} s`,
        notifyOk,
      ],
      ["(b) notifications per person for the burst (max)", String(maxPerPerson), `≤ ${TARGET_PER_PERSON}`, perPersonOk],
    );
  } else console.log("Flood: skipped (--only inbox)");
  console.log(
    `Inbox: ${open} open reports at the school, ${latencies.length} GETs over ${paths.length} pages and filters: p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms\n`,
  );
  for (const [p, { ms, bytes }] of byPath)
    console.log(
      `  ${p.padEnd(50)} p50 ${percentile(
        ms.sort((a, b) => a - b),
        50,
      )
        .toFixed(1)
        .padStart(6)} ms  ${Math.round(bytes / 1024)} KiB`,
    );
  rows.push([`(c) inbox p95, ${open} open reports`, `${p95.toFixed(1)} ms`, `≤ ${TARGET_INBOX_P95_MS} ms`, inboxOk]);
  const w = [Math.max(...rows.map((r) => r[0].length)), 10, 10];
  console.log(`${"measure".padEnd(w[0]!)}  ${"result".padStart(w[1]!)}  ${"target".padStart(w[2]!)}  met`);
  for (const [name, result, target, ok] of rows)
    console.log(`${name.padEnd(w[0]!)}  ${result.padStart(w[1]!)}  ${target.padStart(w[2]!)}  ${ok ? "yes" : "NO"}`);
  const all = floodOk && inboxOk;
  console.log(`\n${all ? "TARGETS MET" : "TARGETS NOT MET"}`);
  process.exitCode = all ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
