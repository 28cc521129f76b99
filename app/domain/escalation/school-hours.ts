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
