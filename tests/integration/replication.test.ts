import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { litestreamConfig, orphanGraceSeconds, restoreFromReplica, startReplication } from "../../db/replication.server";

// The Litestream supervisor with the real binary on real files: it picks up a region file that
// appears, comes back after Litestream is killed, and what it replicated restores; the restore
// refuses a folder that holds the region. (The whole server: tests/e2e/replication.test.ts.)

let temp: string;
const saved = { DATA_DIR: process.env.DATA_DIR, LITESTREAM_REPLICA_URL: process.env.LITESTREAM_REPLICA_URL };
beforeAll(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), "senim-replication-"));
  process.env.DATA_DIR = path.join(temp, "data");
  process.env.LITESTREAM_REPLICA_URL = `file://${temp}/replica`;
  fs.mkdirSync(process.env.DATA_DIR);
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  fs.rmSync(temp, { recursive: true, force: true });
});

function region(code: string): SQLite.Database {
  const db = new SQLite(path.join(process.env.DATA_DIR!, `${code}.sqlite`));
  db.pragma("journal_mode = WAL");
  db.pragma("wal_autocheckpoint = 0");
  db.exec("create table if not exists t (x text)");
  return db;
}

async function until(what: string, ok: () => boolean, ms = 15_000) {
  for (const deadline = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

describe("replication", () => {
  test("the config quotes paths and carries the sync interval", () => {
    const yml = litestreamConfig("s3://bucket/senim/", [{ code: "akmola", file: '/data/a "b".sqlite' }]);
    expect(yml).toContain('path: "/data/a \\"b\\".sqlite"');
    expect(yml).toContain('url: "s3://bucket/senim/akmola"');
    expect(yml).toContain('sync-interval: "1s"');
  });

  test("an orphaned Litestream keeps going for two sync intervals and its start-up", () => {
    expect(orphanGraceSeconds("1s")).toBe(4);
    expect(orphanGraceSeconds("250ms")).toBe(3);
    expect(orphanGraceSeconds("1m")).toBe(122);
    expect(orphanGraceSeconds("soon")).toBe(4);
  });

  test("new regions are picked up, a killed Litestream comes back, and the replica restores", async () => {
    const lines: string[] = [];
    const akmola = region("akmola");
    akmola.prepare("insert into t values (?)").run("first");
    const replication = startReplication({ pollMs: 200, log: (m) => lines.push(m), warn: (m) => lines.push(m) });
    try {
      await until("Litestream", () => lines.some((l) => /replicating akmola to/.test(l)));
      const abai = region("abai");
      abai.prepare("insert into t values (?)").run("new region");
      await until("the new region", () => lines.some((l) => /replicating abai, akmola to/.test(l)));
      // Litestream looks at its files each second; a generation in the replica says it has them.
      const replicated = (code: string) => fs.existsSync(path.join(temp, "replica", code, "generations"));
      await until("both replicas", () => replicated("abai") && replicated("akmola"));

      const pid = Number(/Litestream \(pid (\d+)\) replicating abai, akmola/.exec(lines.join("\n"))?.[1]);
      process.kill(-pid, "SIGKILL"); // Litestream and its shell, as if it crashed
      await until(
        "the restart",
        () => lines.some((l) => l.includes("restarting in 1 s")) && lines.filter((l) => /replicating abai, akmola/.test(l)).length === 2,
      );
      await new Promise((r) => setTimeout(r, 2_000)); // the new Litestream has taken the files back
      akmola.prepare("insert into t values (?)").run("after the restart");
      abai.close();
      akmola.close();
    } finally {
      await replication.stop(); // uploads what is left
    }

    const target = path.join(temp, "restored");
    expect(restoreFromReplica({ target }).sort()).toEqual(["abai", "akmola"]);
    const read = (code: string) => {
      const db = new SQLite(path.join(target, `${code}.sqlite`), { readonly: true });
      try {
        return db.prepare("select x from t").pluck().all();
      } finally {
        db.close();
      }
    };
    expect(read("akmola")).toEqual(["first", "after the restart"]);
    expect(read("abai")).toEqual(["new region"]);

    expect(() => restoreFromReplica({ target, codes: ["akmola"] })).toThrow(/already holds akmola\.sqlite/);
    expect(restoreFromReplica({ target, codes: ["akmola"], force: true })).toEqual(["akmola"]);
    expect(fs.readdirSync(target).some((f) => f.startsWith("akmola.sqlite.before-restore-"))).toBe(true);
    expect(() => restoreFromReplica({ target: path.join(temp, "x"), timestamp: "yesterday" })).toThrow(/Not a time/);
    expect(() => restoreFromReplica({ target: path.join(temp, "x"), codes: ["atlantis"] })).toThrow(/Unknown region/);
  }, 60_000);
});
