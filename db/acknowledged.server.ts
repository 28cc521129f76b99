import fs from "node:fs";
import path from "node:path";
import type { RegionDb } from "./regions.server";
import { regionCodeOf, regionFile } from "./regions.server";
import { singleton } from "./singleton";

/**
 * The high-water mark of acknowledged reports: per region, the largest report id a student was
 * given a receipt for, kept in `<region>.sqlite.acked` beside the database, outside SQLite.
 * After kill -9, a damaged write-ahead log makes SQLite drop its frames without a word; at the
 * next start a mark above the database's largest id says acknowledged reports are gone, so the
 * operator restores from the replica. The mark is written after the commit, at most once per
 * FLUSH_MS (fsync'd, renamed into place): it may lag behind (a report not yet marked is not
 * checked) but never runs ahead of what was committed, so it never cries wolf.
 */
const FLUSH_MS = 500;

type Marks = { pending: Map<string, number>; timer: NodeJS.Timeout | undefined; failed: Set<string> };
const marks = singleton("acknowledged-marks", (): Marks => ({ pending: new Map(), timer: undefined, failed: new Set() }));

export function markFile(code: string): string {
  return `${regionFile(code)}.acked`;
}

export function readMark(code: string): number | undefined {
  try {
    const n = Number(JSON.parse(fs.readFileSync(markFile(code), "utf8")).maxReportId);
    return Number.isSafeInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Called once a report is committed and about to be acknowledged. */
export function noteAcknowledged(db: RegionDb, reportId: number): void {
  const code = regionCodeOf(db);
  if (!code) return;
  marks.pending.set(code, Math.max(marks.pending.get(code) ?? 0, reportId));
  if (!marks.timer) {
    marks.timer = setTimeout(flushMarks, FLUSH_MS);
    // Writing is synchronous, so a clean exit writes what is pending; kill -9 loses only the last half second's.
    if (!process.listeners("exit").includes(flushMarks)) process.on("exit", flushMarks);
  }
}

/** Writes the pending marks now (also at shutdown). Several processes may write: the larger mark wins. */
export function flushMarks(): void {
  clearTimeout(marks.timer);
  marks.timer = undefined;
  for (const [code, id] of marks.pending) {
    marks.pending.delete(code);
    const file = markFile(code);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const value = Math.max(id, readMark(code) ?? 0);
      const fd = fs.openSync(tmp, "w", 0o600);
      fs.writeSync(fd, JSON.stringify({ maxReportId: value }));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, file);
      const dir = fs.openSync(path.dirname(file), "r");
      fs.fsyncSync(dir);
      fs.closeSync(dir);
      marks.failed.delete(code);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      // A read-only data directory already shows on /healthz; say it here once, not per report.
      if (!marks.failed.has(code)) console.error(`Senim: cannot write ${path.basename(file)}: ${(e as Error).message}`);
      marks.failed.add(code);
    }
  }
}

/** Forget a region's mark: a restore puts older data back on purpose. */
export function clearMark(code: string): void {
  fs.rmSync(markFile(code), { force: true });
}

/**
 * What the database holds against the mark: the largest id ever given to a report
 * (sqlite_sequence, so retention deleting reports does not look like loss).
 */
export function missingAcknowledged(code: string, largestId: number): { mark: number; largestId: number } | undefined {
  const mark = readMark(code);
  return mark !== undefined && mark > largestId ? { mark, largestId } : undefined;
}
