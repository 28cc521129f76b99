import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { reportFormToken, SCHOOL, startServer, storedReceiptHash, type RunningServer } from "./support";

// kill -9 while reports are coming in: every receipt code a student was shown belongs to a
// report that is still there after the restart, and the database is intact.

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop();
});

const report = new URLSearchParams({
  reporterRole: "self",
  categories: "cyber",
  location: "online",
  frequency: "daily",
  since: "days",
  description: "durability",
}).toString();

describe("durability", () => {
  test("every acknowledged report survives kill -9 of the server", async () => {
    const server = await startServer({ keepData: true, env: { RATE_LIMIT_MULTIPLIER: "1000" } });
    servers.push(server);
    const acknowledged: string[] = [];
    let failed = 0;
    const client = async () => {
      for (;;) {
        try {
          const res = await fetch(`${server.baseUrl}/r/${SCHOOL}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
            body: `${report}&formToken=${await reportFormToken(server.baseUrl)}`,
          });
          const code = /class="receipt-code"[^>]*>([\d ]+)</.exec(await res.text())?.[1];
          if (code) acknowledged.push(code.replace(/\s/g, ""));
        } catch {
          failed++; // the server is gone: this report was never acknowledged
          return;
        }
      }
    };
    const clients = Array.from({ length: 20 }, client);
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 20));
    await server.crash();
    await Promise.all(clients);
    expect(failed).toBeGreaterThan(0); // some were in flight when it died

    const file = path.join(server.dataDir, "akmola.sqlite");
    const restarted = await startServer({ dataDir: server.dataDir });
    servers.push(restarted);
    const db = new SQLite(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const stored = new Set(db.prepare("select receipt_hash from reports").pluck().all() as string[]);
      const lost = acknowledged.filter((code) => !stored.has(storedReceiptHash(server.dataDir, code)));
      expect(lost).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
