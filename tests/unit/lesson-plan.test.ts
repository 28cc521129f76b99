import { describe, expect, it } from "vitest";
import programmesJson from "../../content/programmes.json";
import { programmes, schoolYears, unitForGrade } from "~/content/programmes";
import { programmesSchema } from "~/content/schemas.server";
import { coverageShare, expectedLessons, lessonStatuses, summarize, teachingDays } from "~/domain/lessons/lesson-plan";

const year = schoolYears.find((y) => y.id === "2025-2026")!;
const programme = (id: string) => programmes.find((p) => p.id === id)!;

describe("programme content", () => {
  it("gives every lesson a title in kk, ru and en, and every KiVa lesson its class rule", () => {
    for (const p of programmes)
      for (const u of p.units)
        for (const l of u.lessons) {
          for (const lang of ["kk", "ru", "en"] as const) expect(l.title[lang].trim(), l.id).not.toBe("");
          if (p.id === "kiva") expect(l.rule?.kk, l.id).toBeTruthy();
        }
  });

  it("has KiVa's three units of ten lessons for grades 1–3, 4–6, 7–9, September to March", () => {
    const kiva = programme("kiva");
    expect(kiva.units.map((u) => [u.grades, u.lessons.length])).toEqual([
      [[1, 3], 10],
      [[4, 6], 10],
      [[7, 9], 10],
    ]);
    for (const u of kiva.units) expect(u.months).toEqual([9, 10, 11, 12, 1, 2, 3]);
    expect(unitForGrade(kiva, 5)?.id).toBe("kiva-2");
    expect(unitForGrade(kiva, 10)).toBeUndefined();
  });

  it("rejects overlapping grade ranges and duplicate ids", () => {
    const broken = structuredClone(programmesJson);
    broken.programmes[0]!.units[1]!.grades = [3, 6];
    expect(programmesSchema.safeParse(broken).success).toBe(false);
    const duplicate = structuredClone(programmesJson);
    duplicate.programmes[0]!.units[0]!.lessons[1]!.id = duplicate.programmes[0]!.units[0]!.lessons[0]!.id;
    expect(programmesSchema.safeParse(duplicate).success).toBe(false);
    const untranslated = structuredClone(programmesJson);
    untranslated.programmes[1]!.units[0]!.lessons[0]!.title.kk = "";
    expect(programmesSchema.safeParse(untranslated).success).toBe(false);
  });
});

describe("coverage", () => {
  it("does not let lessons given early hide the ones missed", () => {
    const unit = unitForGrade(programme("kiva"), 5)!;
    const plan = expectedLessons(unit, year, 5);
    const today = plan[4]!.dueOn; // lessons 1–4 are due, none was given; 5–8 were given early
    const early = new Map(unit.lessons.slice(4, 8).map((l) => [l.id, 1]));
    const c = summarize(lessonStatuses(plan, early, today), today);
    expect(c).toMatchObject({ done: 4, doneDue: 0, dueByNow: 4, overdue: 4 });
    expect(coverageShare(c)).toBe(0);
  });
});

describe("the school year's teaching days", () => {
  it("skip weekends and the holidays of the grade", () => {
    const grade5 = teachingDays(year, 5, [9, 10, 11, 12, 1, 2, 3, 4, 5]);
    expect(grade5[0]).toBe("2025-09-01"); // a Monday
    expect(grade5.at(-1)).toBe("2026-05-25");
    expect(grade5).not.toContain("2025-09-06"); // Saturday
    expect(grade5.some((d) => d >= "2025-10-27" && d <= "2025-11-02")).toBe(false); // autumn holidays
    expect(grade5.some((d) => d >= "2026-03-19" && d <= "2026-03-29")).toBe(false); // Nauryz
    expect(grade5).toContain("2026-02-10");
    // First-graders have an extra February week.
    const grade1 = teachingDays(year, 1, [2]);
    expect(grade1).not.toContain("2026-02-10");
    expect(teachingDays(year, 5, [2]).length - grade1.length).toBe(5);
  });
});

describe("expected lessons over a whole school year", () => {
  it("spread KiVa's ten lessons in order from September to March", () => {
    const plan = expectedLessons(unitForGrade(programme("kiva"), 2)!, year, 2);
    expect(plan.map((e) => e.lessonId)).toEqual(programme("kiva").units[0]!.lessons.map((l) => l.id));
    expect(plan.every((e) => e.round === 1)).toBe(true);
    const dues = plan.map((e) => e.dueOn);
    expect([...dues].sort()).toEqual(dues);
    expect(new Set(dues).size).toBe(10);
    expect(dues[0]! >= "2025-09-01" && dues[0]! < "2025-10-15").toBe(true);
    expect(dues[9]! <= "2026-03-31" && dues[9]! >= "2026-03-01").toBe(true);
  });

  it("give each personal-safety topic three times, September to May", () => {
    const unit = unitForGrade(programme("safety"), 7)!;
    const plan = expectedLessons(unit, year, 7);
    expect(plan).toHaveLength(unit.lessons.length * 3);
    expect(plan.filter((e) => e.lessonId === unit.lessons[0]!.id).map((e) => e.round)).toEqual([1, 2, 3]);
    expect(plan.at(-1)!.dueOn).toBe("2026-05-25");
  });

  it("count a lesson done as often as it was given, overdue once its date has passed", () => {
    const unit = unitForGrade(programme("safety"), 7)!;
    const plan = expectedLessons(unit, year, 7);
    const first = unit.lessons[0]!.id;
    const today = "2026-01-15";
    const statuses = lessonStatuses(plan, new Map([[first, 2]]), today);
    const ofFirst = statuses.filter((s) => s.lessonId === first).map((s) => s.status);
    expect(ofFirst).toEqual(["done", "done", "planned"]);
    const c = summarize(statuses, today);
    expect(c.total).toBe(33);
    expect(c.done).toBe(2);
    expect(c.dueByNow).toBe(plan.filter((e) => e.dueOn < today).length);
    const firstDue = plan.filter((e) => e.lessonId === first && e.dueOn < today).length;
    expect(c.doneDue).toBe(Math.min(2, firstDue));
    expect(c.overdue).toBe(c.dueByNow - c.doneDue);
    expect(coverageShare(c)).toBeCloseTo(c.doneDue / c.dueByNow);
    expect(coverageShare(summarize(lessonStatuses(plan, new Map(), "2025-08-01"), "2025-08-01"))).toBe(1);
  });
});

describe("the current school year", () => {
  it("stays the year just finished over the summer, until the next one starts", async () => {
    const { currentSchoolYear } = await import("~/domain/lessons/lessons.server");
    expect(currentSchoolYear("2026-05-25").id).toBe("2025-2026");
    expect(currentSchoolYear("2026-07-15").id).toBe("2025-2026");
    expect(currentSchoolYear("2026-09-01").id).toBe("2026-2027");
  });
});
