import { KAZAKHSTAN_OFFSET_MS } from "~/domain/calendar/local-date";
import { schoolYears } from "~/content/programmes";
import type { Ladder } from "~/content/escalation";

/**
 * Whether a school is there to answer at this instant: a school day of the region's timetable,
 * inside its hours, in a school year and outside the whole school's holidays
 * (content/school-years.json) and the region's days off. Otherwise the ladder starts at the
 * district's on-duty official.
 */
export function isSchoolHours(ladder: Ladder, instant: Date): boolean {
  const local = new Date(instant.getTime() + KAZAKHSTAN_OFFSET_MS);
  const date = local.toISOString().slice(0, 10);
  const time = local.toISOString().slice(11, 16);
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  if (!ladder.schoolHours.weekdays.includes(weekday)) return false;
  if (time < ladder.schoolHours.from || time >= ladder.schoolHours.to) return false;
  if (ladder.daysOff.some((d) => d === date || d === date.slice(5))) return false;
  const year = schoolYears.find((y) => y.start <= date && date <= y.end);
  if (!year) return false;
  return !year.holidays.some((h) => h.from <= date && date <= h.to && h.grades[0] <= 1 && h.grades[1] >= 11);
}

/**
 * When the school is next there to answer after `instant`: the start of the next school day's
 * hours (weekends, days off and holidays skipped). Undefined when no school day comes within
 * a year (no school year in the content yet).
 */
export function nextSchoolDayStart(ladder: Ladder, instant: Date): Date | undefined {
  const localDate = new Date(instant.getTime() + KAZAKHSTAN_OFFSET_MS).toISOString().slice(0, 10);
  for (let d = 0; d <= 366; d++) {
    const day = new Date(Date.parse(`${localDate}T${ladder.schoolHours.from}:00.000Z`) + d * 86_400_000);
    const start = new Date(day.getTime() - KAZAKHSTAN_OFFSET_MS);
    if (start > instant && isSchoolHours(ladder, start)) return start;
  }
  return undefined;
}
