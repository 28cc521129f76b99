/** Kazakhstan keeps one time zone, UTC+5, all year. */
export const KAZAKHSTAN_OFFSET_MS = 5 * 3_600_000;
/** The same zone for Intl formatting: fixed UTC+5 (POSIX names flip the sign), whatever the tz data says of a city. */
export const KAZAKHSTAN_TIME_ZONE = "Etc/GMT-5";
/**
 * The same offset as an SQLite date modifier, for SQL that turns stored UTC times into local
 * months and days. Inline it as a literal (sql.lit), never a bound parameter: the dashboards'
 * indexed expressions (migration 0006) match only the literal text.
 */
export const SCHOOL_UTC_OFFSET_SQL = "+5 hours";
const DAY_MS = 86_400_000;

function pinnedDay(): string | undefined {
  const pinned = process.env.SENIM_NOW?.slice(0, 10) || process.env.SENIM_TODAY;
  return pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned) ? pinned : undefined;
}

/** `SENIM_NOW=2026-12-02T22:00` (Kazakhstan time): the clock starts there when the process starts. */
function pinnedStart(): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(process.env.SENIM_NOW ?? "");
  if (!match) return undefined;
  return Date.parse(`${match[1]}T${match[2]}:${match[3]}:00Z`) - KAZAKHSTAN_OFFSET_MS;
}
const processStartedAt = Date.now();

/** A `YYYY-MM-DDTHH:MM` wall-clock time in Kazakhstan as an instant (an invalid Date when it is none). */
export function fromLocalMinute(value: string): Date {
  return new Date(Date.parse(`${value}:00Z`) - KAZAKHSTAN_OFFSET_MS);
}

/**
 * The school clock: the moment every record of the school year is stamped with (reports, cases,
 * lessons, referrals, the escalation ladder). `SENIM_NOW=YYYY-MM-DDTHH:MM` starts it at that
 * Kazakhstan time when the process starts, and it runs on from there, so a demo or a black-box
 * test can watch the out-of-hours ladder at 22:00. `SENIM_TODAY=YYYY-MM-DD` pins only the day —
 * the time of day keeps running — so tests of a school year or of a case's follow-ups do not
 * depend on the day they are run; a test moves time forward by restarting the server with a
 * later date. Sign-in, sessions and one-time codes keep the real clock.
 */
export function schoolNow(): Date {
  const real = new Date();
  const start = pinnedStart();
  if (start !== undefined) return new Date(start + (real.getTime() - processStartedAt));
  const day = pinnedDay();
  if (!day) return real;
  const localTimeOfDay = (((real.getTime() + KAZAKHSTAN_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return new Date(Date.parse(`${day}T00:00:00Z`) - KAZAKHSTAN_OFFSET_MS + localTimeOfDay);
}

/** The school clock as an ISO timestamp, for a stored row. */
export function schoolNowIso(): string {
  return schoolNow().toISOString();
}

/** The Kazakhstan calendar day (YYYY-MM-DD) of an instant. */
export function localDateOf(instant: string | Date): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + KAZAKHSTAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Kazakhstan calendar day (YYYY-MM-DD) begins, as stored times are compared (ISO UTC). */
export function startOfLocalDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - KAZAKHSTAN_OFFSET_MS).toISOString();
}

/** The hour (0–23) an instant shows on a clock in Kazakhstan. */
export function localHourOf(instant: Date): number {
  return new Date(instant.getTime() + KAZAKHSTAN_OFFSET_MS).getUTCHours();
}

/** Today in Kazakhstan on the school clock, as YYYY-MM-DD. */
export function localToday(): string {
  return pinnedDay() ?? localDateOf(new Date());
}

/** A YYYY-MM-DD date moved by whole days (calendar days; no time zone can shift it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Every time the ladder writes (escalations, their events, notifications, the outbox) is kept to the
 * minute, as the report's own: its first rows come within seconds of a report arriving, and a
 * millisecond stamp there would tell a network log who sent it. A rung due at a minute fires
 * up to a minute early, never late.
 */
export function minuteIso(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
}
