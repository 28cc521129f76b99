/**
 * Today in Kazakhstan (UTC+5), as YYYY-MM-DD. `SENIM_TODAY` pins it, so tests and demos of a
 * school year or of a case's follow-ups do not depend on the day they are run; a test moves
 * time forward by restarting the server with a later date.
 */
export function localToday(now = new Date()): string {
  const pinned = process.env.SENIM_TODAY;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return new Date(now.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date moved by whole days (calendar days; no time zone can shift it). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
