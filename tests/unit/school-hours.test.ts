import { describe, expect, it } from "vitest";
import { ladderFor } from "~/content/escalation";
import { isSchoolHours } from "~/domain/escalation/school-hours";

// When a school is there to answer an urgent report (otherwise the ladder starts at the district).
const ladder = ladderFor("akmola");
const at = (local: string) => new Date(`${local}:00+05:00`);

describe("school hours", () => {
  it("are the timetable's weekdays and hours, in Kazakhstan time", () => {
    expect(isSchoolHours(ladder, at("2026-12-08T07:59"))).toBe(false);
    expect(isSchoolHours(ladder, at("2026-12-08T08:00"))).toBe(true);
    expect(isSchoolHours(ladder, at("2026-12-08T17:59"))).toBe(true);
    expect(isSchoolHours(ladder, at("2026-12-08T18:00"))).toBe(false);
    expect(isSchoolHours(ladder, at("2026-12-13T10:00"))).toBe(false); // Sunday
  });

  it("leave out the whole school's holidays, the summer and public days off, but not grade 1's extra week", () => {
    expect(isSchoolHours(ladder, at("2026-10-27T10:00"))).toBe(false); // autumn holidays
    expect(isSchoolHours(ladder, at("2027-07-06T10:00"))).toBe(false); // summer, and a day off
    expect(isSchoolHours(ladder, at("2026-12-16T10:00"))).toBe(false); // Independence Day
    expect(isSchoolHours(ladder, at("2027-02-09T10:00"))).toBe(true); // only grade 1 is on holiday
  });

  it("default to a ladder that ends with the 111 hand-off and starts out of hours at the district", () => {
    expect(ladder.rungs.map((r) => [r.id, r.afterMinutes])).toEqual([
      ["school", 0],
      ["director", 15],
      ["district", 15],
      ["region", 15],
    ]);
    expect(ladder.rungs.at(-1)?.handoff111).toBe(true);
    expect(ladder.outOfHoursStartsAt).toBe("district");
  });
});
