import { describe, expect, it } from "vitest";
import { ladderFor, type Ladder } from "~/content/escalation";
import { dutyPsychologistsAt, onDutyWithGrace } from "~/domain/escalation/duty-roster";
import { normalizePhone } from "~/domain/escalation/phone";

const at = (local: string) => new Date(Date.parse(`${local}:00.000Z`) - 5 * 3_600_000); // Kazakhstan time
const ladder: Ladder = {
  ...ladderFor("akmola"),
  dutyPsychologists: {
    graceMinutes: 30,
    shifts: [
      { email: "evenings@x.kz", weekdays: [1, 2, 3, 4, 5], from: "18:00", to: "08:00" },
      { email: "weekend@x.kz", weekdays: [6, 7], from: "00:00", to: "24:00" },
      { email: "newyear@x.kz", from: "2026-12-31T18:00", to: "2027-01-02T08:00" },
    ],
  },
};

describe("the duty psychologists' roster", () => {
  it("follows the weekly pattern over midnight and at weekends", () => {
    expect(dutyPsychologistsAt(ladder, at("2026-12-08T22:00"))).toEqual(["evenings@x.kz"]); // Tuesday
    expect(dutyPsychologistsAt(ladder, at("2026-12-09T07:59"))).toEqual(["evenings@x.kz"]); // Wednesday early
    expect(dutyPsychologistsAt(ladder, at("2026-12-09T08:00"))).toEqual([]);
    expect(dutyPsychologistsAt(ladder, at("2026-12-12T13:00"))).toEqual(["weekend@x.kz"]); // Saturday
    // Friday's evening shift runs into Saturday morning, beside the weekend one.
    expect(dutyPsychologistsAt(ladder, at("2026-12-12T03:00")).sort()).toEqual(["evenings@x.kz", "weekend@x.kz"]);
  });
  it("lets a dated shift replace the pattern while it runs", () => {
    expect(dutyPsychologistsAt(ladder, at("2026-12-31T22:00"))).toEqual(["newyear@x.kz"]);
    expect(dutyPsychologistsAt(ladder, at("2027-01-02T08:00"))).toEqual(["weekend@x.kz"]);
  });
  it("gives the grace minutes after a shift, then nothing", () => {
    expect(onDutyWithGrace(ladder, "Evenings@x.kz", at("2026-12-09T08:29"))).toBe(true);
    expect(onDutyWithGrace(ladder, "evenings@x.kz", at("2026-12-09T08:31"))).toBe(false);
  });
  it("puts the demo's duty account on duty whenever the school is closed", () => {
    const demo = ladderFor("akmola");
    expect(dutyPsychologistsAt(demo, at("2026-12-08T22:00"))).toEqual(["duty@demo.senim.kz"]);
    expect(dutyPsychologistsAt(demo, at("2026-12-16T11:00"))).toEqual(["duty@demo.senim.kz"]); // a day off
    expect(dutyPsychologistsAt(demo, at("2026-12-08T11:00"))).toEqual([]);
  });
});

describe("phone numbers", () => {
  it("keeps +7 and 10 digits or E.164, turns 8XXXXXXXXXX into +7, refuses the rest", () => {
    expect(normalizePhone("+7 (701) 234-56-78")).toBe("+77012345678");
    expect(normalizePhone("87012345678")).toBe("+77012345678");
    expect(normalizePhone("+49 30 1234567")).toBe("+49301234567");
    expect(normalizePhone("")).toBe("");
    for (const bad of ["12345", "+7701234567", "+770123456789", "phone", "+0123456789"]) expect(normalizePhone(bad), bad).toBeUndefined();
  });
});
