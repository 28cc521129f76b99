import { KAZAKHSTAN_OFFSET_MS } from "~/domain/calendar/local-date";
import type { DutyShift, Ladder } from "~/content/escalation";
import { isSchoolHours } from "./school-hours";

const local = (instant: Date) => {
  const iso = new Date(instant.getTime() + KAZAKHSTAN_OFFSET_MS).toISOString();
  const day = new Date(instant.getTime() + KAZAKHSTAN_OFFSET_MS).getUTCDay();
  return { dateTime: iso.slice(0, 16), time: iso.slice(11, 16), weekday: day === 0 ? 7 : day };
};

function covers(ladder: Ladder, shift: DutyShift, instant: Date): boolean {
  const at = local(instant);
  if ("whenSchoolIsClosed" in shift) return !isSchoolHours(ladder, instant);
  if ("weekdays" in shift) {
    if (shift.from < shift.to) return shift.weekdays.includes(at.weekday) && shift.from <= at.time && at.time < shift.to;
    // Over midnight: the evening of a listed day, or the early hours after one.
    const yesterday = at.weekday === 1 ? 7 : at.weekday - 1;
    return (shift.weekdays.includes(at.weekday) && at.time >= shift.from) || (shift.weekdays.includes(yesterday) && at.time < shift.to);
  }
  return shift.from <= at.dateTime && at.dateTime < shift.to;
}

/** The e-mails of the region's duty psychologists at an instant; dated shifts replace the patterns while they run. */
export function dutyPsychologistsAt(ladder: Ladder, instant: Date): string[] {
  const shifts = ladder.dutyPsychologists.shifts;
  const dated = shifts.filter((s) => !("whenSchoolIsClosed" in s) && !("weekdays" in s) && covers(ladder, s, instant));
  const on = dated.length > 0 ? dated : shifts.filter((s) => ("whenSchoolIsClosed" in s || "weekdays" in s) && covers(ladder, s, instant));
  return [...new Set(on.map((s) => s.email))];
}

/** Whether a person is on duty now, or was until at most the region's grace minutes ago (to finish reading). */
export function onDutyWithGrace(ladder: Ladder, email: string, instant: Date): boolean {
  const who = email.toLowerCase();
  const grace = new Date(instant.getTime() - ladder.dutyPsychologists.graceMinutes * 60_000);
  return dutyPsychologistsAt(ladder, instant).includes(who) || dutyPsychologistsAt(ladder, grace).includes(who);
}
