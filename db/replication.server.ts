import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { isRegionCode, REGION_CODES } from "./region-codes";
import { dataDir } from "./data-dir";

// Continuous replication of every region file with Litestream (https://litestream.io), whose
// binary comes with the npm package @flydotio/litestream. The server's primary process runs it
// (startReplication); `npm run restore -- --from-replica` and `npm run rollup -- --from-replica`
// read the replica back (restoreFromReplica).

/** The replica's base address: `file:///…` or `s3://bucket/prefix`; each region is a folder under it. */
export function replicaUrl(): string | undefined {
  return process.env.LITESTREAM_REPLICA_URL?.trim() || undefined;
}

// Litestream must own checkpoints (https://litestream.io/tips/): an application checkpoint racing
// Litestream's makes it start a new generation, a full snapshot. So region connections set
// wal_autocheckpoint=0 whenever LITESTREAM_REPLICA_URL is set (db/regions.server.ts), and
// Litestream checkpoints at 1,000 pages; `busy_timeout` lets writers wait out its brief lock.

/** The platform binary the npm package installs (its JS wrapper neither forwards signals nor exit codes). */
export function litestreamBinary(): string {
  if (process.env.LITESTREAM_BIN) return process.env.LITESTREAM_BIN;
  const require = createRequire(import.meta.url);
  const pkg = `@flydotio/litestream-${process.platform}-${process.arch}`;
  try {
    return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "litestream");
  } catch {
    throw new Error(`Litestream has no binary for ${process.platform}-${process.arch} (${pkg} is not installed): set LITESTREAM_BIN.`);
  }
}

/** Seconds between Litestream's uploads: the bound on what a lost disk can take (RPO). */
const SYNC_INTERVAL = process.env.LITESTREAM_SYNC_INTERVAL ?? "1s";

/** Seconds Litestream keeps going after the server died: two sync intervals and its first one's start-up. */
export function orphanGraceSeconds(interval = SYNC_INTERVAL): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(interval.trim());
  const seconds = m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[m[2] as "ms" | "s" | "m"] : 1;
  return Math.ceil(2 * seconds) + 2;
}

function regionReplicaUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, "")}/${code}`;
}

/** One Litestream config for the given region files; credentials stay in the environment (AWS_* / LITESTREAM_*). */
export function litestreamConfig(base: string, files: Array<{ code: string; file: string }>): string {
  // JSON strings are valid YAML scalars, so no path or URL can break the file.
  const q = JSON.stringify;
  const s3 = base.startsWith("s3://");
  const lines = ["dbs:"];
  for (const { code, file } of files) {
    lines.push(
      `  - path: ${q(file)}`,
      "    replicas:",
      `      - url: ${q(regionReplicaUrl(base, code))}`,
      `        sync-interval: ${q(SYNC_INTERVAL)}`,
    );
    // A week of point-in-time restore, from a fresh snapshot each day (not a week of log to replay).
    lines.push(`        retention: "168h"`, `        snapshot-interval: "24h"`);
    if (s3 && process.env.LITESTREAM_S3_ENDPOINT)
      lines.push(`        endpoint: ${q(process.env.LITESTREAM_S3_ENDPOINT)}`, "        force-path-style: true");
    if (s3 && process.env.LITESTREAM_S3_REGION) lines.push(`        region: ${q(process.env.LITESTREAM_S3_REGION)}`);
  }
  return `${lines.join("\n")}\n`;
}

function presentRegionFiles(dir: string): Array<{ code: string; file: string }> {
  return REGION_CODES.map((code) => ({ code, file: path.join(dir, `${code}.sqlite`) })).filter((r) => fs.existsSync(r.file));
}

// Litestream runs under a small shell that stops it (SIGTERM: it uploads what is left, then exits).
// A planned stop writes a line to its stdin and it stops at once. When this process ends any other
// way (kill -9 included) stdin closes without a line: it then keeps replicating for a grace of a
// few sync intervals before it stops, because Litestream opens a database only at its first sync
// and a SIGTERM before that uploads nothing: a server that crashed in its first second would lose
// every report it had acknowledged. Past the grace it stops, or an orphan would replicate beside
// the next server's Litestream. Fd 3 because a background
// job's stdin is /dev/null in a non-interactive shell; the shell's own stderr (not Litestream's)
// is silenced so its "Terminated" notes stay out of the server log.
const SUPERVISOR = `exec 3<&0
"$0" replicate -config "$1" </dev/null & ls=$!
( read _ <&3 || sleep "$2"; kill -TERM $ls 2>/dev/null ) & watcher=$!
exec 2>/dev/null
wait $ls; code=$?
kill $watcher 2>/dev/null
exit $code`;

export type Replication = { stop: () => Promise<void> };

/**
 * Runs Litestream for every region file in DATA_DIR while this process lives, when
 * LITESTREAM_REPLICA_URL is set: restarted if it dies, and restarted with a new config when a
 * region file appears. Never throws: a server without its replica still takes reports.
 */
export function startReplication({ pollMs = 5_000, log = console.log, warn = console.error } = {}): Replication {
  const base = replicaUrl();
  if (!base) return { stop: async () => {} };
  let binary: string;
  try {
    binary = litestreamBinary();
  } catch (e) {
    warn(`Replication is OFF: ${e instanceof Error ? e.message : String(e)}`);
    return { stop: async () => {} };
  }
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-litestream-"));
  const configFile = path.join(configDir, "litestream.yml");
  let child: ChildProcess | undefined;
  let running = "";
  let stopping = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  const halted = new WeakSet<ChildProcess>(); // stopped on purpose: not restarted

  const launch = (files: Array<{ code: string; file: string }>) => {
    fs.writeFileSync(configFile, litestreamConfig(base, files));
    running = files.map((f) => f.file).join("\n");
    // Its own process group: Ctrl-C in a terminal reaches the server, which stops it in order.
    const proc = spawn("sh", ["-c", SUPERVISOR, binary, configFile, String(orphanGraceSeconds())], {
      stdio: ["pipe", "inherit", "inherit"],
      detached: true,
    });
    child = proc;
    const startedAt = Date.now();
    log(`Litestream (pid ${proc.pid}) replicating ${files.map((f) => f.code).join(", ")} to ${base} every ${SYNC_INTERVAL}`);
    proc.once("exit", (code, signal) => {
      if (child === proc) child = undefined;
      if (stopping || halted.has(proc)) return;
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      const delay = Math.min(30_000, 1_000 * 2 ** (failures - 1));
      warn(`Litestream stopped (${signal ?? code}); replication paused, restarting in ${delay / 1000} s.`);
      running = "";
      retry = setTimeout(check, delay);
    });
  };

  const halt = async (proc: ChildProcess) => {
    const exited = new Promise<void>((resolve) =>
      proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once("exit", () => resolve()),
    );
    halted.add(proc);
    proc.stdin?.end("stop\n");
    await exited;
  };

  let checking = false;
  const check = async () => {
    if (stopping || checking) return;
    checking = true;
    try {
      const files = presentRegionFiles(dataDir());
      const wanted = files.map((f) => f.file).join("\n");
      if (wanted === running && child) return;
      if (child) await halt(child);
      if (!stopping && files.length) launch(files);
    } catch (e) {
      warn(`Replication: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      checking = false;
    }
  };
  void check();
  const poll = setInterval(() => void check(), pollMs);
  poll.unref();

  return {
    stop: async () => {
      stopping = true;
      clearInterval(poll);
      clearTimeout(retry);
      if (child) await halt(child);
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
}

export type ReplicaRestoreOptions = {
  /** The data directory to fill; default DATA_DIR. */
  target?: string;
  /** Regions to restore; default every region the replica has. */
  codes?: string[];
  /** Point in time (anything Date parses); default the latest. */
  timestamp?: string;
  /** Move a region file already in the target aside (`.before-restore-<time>`) instead of refusing. */
  force?: boolean;
  base?: string;
  progress?: (message: string) => void;
};

/**
 * Rebuilds region files from the replica with `litestream restore`. Refuses a target that already
 * holds a region file (unless force, which keeps it beside), and every restored file must pass
 * integrity_check before it takes the region's name.
 */
export function restoreFromReplica(options: ReplicaRestoreOptions = {}): string[] {
  const base = options.base ?? replicaUrl();
  if (!base) throw new Error("Set LITESTREAM_REPLICA_URL to the replica (file:///… or s3://…).");
  const target = path.resolve(options.target ?? dataDir());
  const progress = options.progress ?? (() => {});
  for (const code of options.codes ?? []) if (!isRegionCode(code)) throw new Error(`Unknown region: ${code}`);
  let timestamp: string | undefined;
  if (options.timestamp) {
    const t = new Date(options.timestamp);
    if (Number.isNaN(t.getTime())) throw new Error(`Not a time: ${options.timestamp} (e.g. 2026-12-02T04:15:00Z)`);
    timestamp = t.toISOString();
  }
  const codes = options.codes?.length ? options.codes : REGION_CODES;
  const files = codes.map((code) => ({ code, file: path.join(target, `${code}.sqlite`) }));
  const occupied = files.filter((f) => fs.existsSync(f.file));
  if (occupied.length && !options.force) {
    throw new Error(
      `${target} already holds ${occupied.map((f) => path.basename(f.file)).join(", ")}: restore into a new folder (--to), or add --force to keep the present files beside as .before-restore-<time>.`,
    );
  }
  fs.mkdirSync(target, { recursive: true });
  const binary = litestreamBinary();
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-litestream-restore-"));
  const config = path.join(configDir, "litestream.yml");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const restored: string[] = [];
  try {
    fs.writeFileSync(config, litestreamConfig(base, files));
    for (const { code, file } of files) {
      const staging = `${file}.restoring`;
      for (const leftover of [staging, `${staging}.tmp`]) fs.rmSync(leftover, { force: true });
      const args = [
        "restore",
        "-config",
        config,
        "-o",
        staging,
        ...(timestamp ? ["-timestamp", timestamp] : []),
        ...(options.codes?.length ? [] : ["-if-replica-exists"]),
        file,
      ];
      const run = spawnSyncQuiet(binary, args);
      if (run.status !== 0) throw new Error(`litestream restore of ${code} failed:\n${run.output.trim()}`);
      if (!fs.existsSync(staging)) continue; // no replica of this region (only when none were named)
      if (!integrityOk(staging)) throw new Error(`The restored ${code} failed integrity_check; nothing was replaced.`);
      if (fs.existsSync(file)) {
        fs.renameSync(file, `${file}.before-restore-${stamp}`);
        // The old write-ahead log belongs to the replaced file; applying it to the restored one would corrupt it.
        for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
      }
      fs.renameSync(staging, file);
      restored.push(code);
      progress(`${code}: restored from ${regionReplicaUrl(base, code)}${timestamp ? ` as of ${timestamp}` : ""}`);
    }
  } finally {
    fs.rmSync(configDir, { recursive: true, force: true });
  }
  if (options.codes?.length && restored.length < options.codes.length) throw new Error("Some named regions are not in the replica.");
  return restored;
}

function spawnSyncQuiet(binary: string, args: string[]) {
  const r = spawnSync(binary, args, { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

function integrityOk(file: string): boolean {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma("integrity_check", { simple: true }) === "ok";
  } finally {
    db.close();
  }
}
