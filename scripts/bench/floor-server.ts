// The floor for `npm run bench:intake`: the least a server can do to accept a report durably
// on this machine. node:http + better-sqlite3, the same schema, pragmas, receipt code and
// transaction as the app's submitReport, and nothing else (no Remix, no React, no validation
// library, no compression). Started by report-intake.ts with DATA_FILE and PORT.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { generateReceiptCode, hashReceiptCode } from "../../app/domain/reports/receipt-code.server";
import { up } from "../../db/migrations/0001_reporting";

const file = process.env.DATA_FILE;
const port = Number(process.env.PORT ?? 0);
if (!file || !port) throw new Error("floor-server needs DATA_FILE and PORT");

const MAX_FORM_BYTES = 64 * 1024;

// Schema from the app's own migration, on a connection of its own.
fs.mkdirSync(path.dirname(file), { recursive: true });
const schemaDb = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
await up(schemaDb);
await schemaDb.destroy();

// The serving connection, with the pragmas of db/regions.server.ts.
const db = new SQLite(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

// One district and one school, so the foreign key on reports.school_id is checked as in the app.
const now = new Date().toISOString();
const districtId = db
  .prepare("insert into districts (name_kk, name_ru, name_en) values ('Floor', 'Floor', 'Floor') returning id")
  .pluck()
  .get() as number;
const schoolId = db
  .prepare(
    "insert into schools (district_id, code, name_kk, name_ru, name_en, locality, created_at) values (?, 'AKFLR1', 'Floor', 'Floor', 'Floor', 'urban', ?) returning id",
  )
  .pluck()
  .get(districtId, now) as number;

const insertReport = db
  .prepare(
    `insert into reports (school_id, receipt_hash, reporter_role, location, frequency, since, grade, description,
       contact_requested, contact_name, contact_class, urgent, language, status, submitted_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 0, '', '', 0, 'kk', 'new', ?)
     on conflict (receipt_hash) do nothing returning id`,
  )
  .pluck();
const insertCategory = db.prepare("insert into report_categories (report_id, category) values (?, ?)");

type Report = {
  reporterRole: string;
  categories: string[];
  location: string;
  frequency: string;
  since: string;
  grade: number | null;
  description: string;
};

/** One transaction per report, committed (and fsynced: synchronous=FULL) before the answer. */
const store = db.transaction((r: Report, receiptHash: string): boolean => {
  const id = insertReport.get(
    schoolId,
    receiptHash,
    r.reporterRole,
    r.location,
    r.frequency,
    r.since,
    r.grade,
    r.description,
    new Date().toISOString(),
  ) as number | undefined;
  if (id === undefined) return false;
  for (const category of r.categories) insertCategory.run(id, category);
  return true;
});

function parse(body: string): Report | undefined {
  const form = new URLSearchParams(body);
  if ((form.get("website") ?? "") !== "") return undefined;
  const reporterRole = form.get("reporterRole");
  const location = form.get("location");
  const frequency = form.get("frequency");
  const since = form.get("since");
  const categories = [...new Set(form.getAll("categories"))];
  if (!reporterRole || !location || !frequency || !since || categories.length === 0) return undefined;
  const grade = form.get("grade") ? Number(form.get("grade")) : null;
  const description = (form.get("description") ?? "").normalize("NFC").trim();
  return { reporterRole, categories, location, frequency, since, grade, description };
}

function answer(res: http.ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(html),
  });
  res.end(html);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/healthz") return answer(res, 200, "ok");
  // The form page a report starts from, with a token field as the real one has.
  if (req.method === "GET" && req.url?.startsWith("/r/"))
    return answer(
      res,
      200,
      `<!DOCTYPE html><html><body><form method="post"><input type="hidden" name="formToken" value="${generateReceiptCode()}"/></form></body></html>`,
    );
  if (req.method !== "POST" || !req.url?.startsWith("/r/")) return answer(res, 404, "not found");
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      answer(res, 413, "too large");
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on("end", () => {
    const report = parse(Buffer.concat(chunks).toString("utf8"));
    if (!report) return answer(res, 400, "bad form");
    for (;;) {
      const code = generateReceiptCode();
      if (!store(report, hashReceiptCode(code))) continue;
      const shown = code.replace(/(\d{4})(?=\d)/g, "$1 ");
      return answer(res, 200, `<!DOCTYPE html><html><body><h1>Received</h1><p class="receipt-code">${shown}</p></body></html>`);
    }
  });
});

server.listen(port, "127.0.0.1", () => console.log(`floor listening on http://127.0.0.1:${port} (data: ${file})`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    db.close();
    process.exit(0);
  });
}
