import type { SchoolYear, Unit } from "~/content/programmes";

/** One lesson a class is expected to get: the `round`-th time it is given this year, due by `dueOn`. */
export type ExpectedLesson = { lessonId: string; round: number; dueOn: string };

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** School days (Monday–Friday, outside the holidays of this grade) in the given months of the year. */
export function teachingDays(year: SchoolYear, grade: number, months: number[]): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${year.start}T00:00:00Z`); t <= Date.parse(`${year.end}T00:00:00Z`); t += DAY_MS) {
    const d = new Date(t);
    const day = iso(d);
    const weekday = d.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (!months.includes(d.getUTCMonth() + 1)) continue;
    if (year.holidays.some((h) => day >= h.from && day <= h.to && grade >= h.grades[0] && grade <= h.grades[1])) continue;
    days.push(day);
  }
  return days;
}

/**
 * The lessons of a unit spread evenly over its teaching days: the unit's lessons in order,
 * repeated `repeatsPerYear` times, each due at the end of its equal share of the days.
 */
export function expectedLessons(unit: Unit, year: SchoolYear, grade: number): ExpectedLesson[] {
  // Content is fixed while the server runs, and a region has thousands of classes of few grades.
  const key = `${unit.id}|${year.id}|${grade}`;
  let plan = planCache.get(key);
  if (!plan) planCache.set(key, (plan = computeExpectedLessons(unit, year, grade)));
  return plan;
}

const planCache = new Map<string, ExpectedLesson[]>();

function computeExpectedLessons(unit: Unit, year: SchoolYear, grade: number): ExpectedLesson[] {
  const days = teachingDays(year, grade, unit.months);
  const total = unit.lessons.length * unit.repeatsPerYear;
  if (days.length === 0) return [];
  return Array.from({ length: total }, (_, i) => ({
    lessonId: unit.lessons[i % unit.lessons.length]!.id,
    round: Math.floor(i / unit.lessons.length) + 1,
    dueOn: days[Math.min(days.length - 1, Math.ceil(((i + 1) * days.length) / total) - 1)]!,
  }));
}

export type LessonStatus = "done" | "overdue" | "planned";

/**
 * Each expected lesson's status, given how many times each lesson was delivered to the class:
 * the first n expectations of a lesson count as done when it was given n times.
 */
export function lessonStatuses(expected: ExpectedLesson[], deliveredCount: Map<string, number>, today: string) {
  return expected.map((e) => {
    const status: LessonStatus = (deliveredCount.get(e.lessonId) ?? 0) >= e.round ? "done" : e.dueOn < today ? "overdue" : "planned";
    return { ...e, status };
  });
}

/** `doneDue`: given among those already due; lessons given ahead of time cannot hide missed ones. */
export type Coverage = { done: number; doneDue: number; dueByNow: number; overdue: number; planned: number; total: number };

export const NO_COVERAGE: Coverage = { done: 0, doneDue: 0, dueByNow: 0, overdue: 0, planned: 0, total: 0 };

export function summarize(statuses: Array<{ status: LessonStatus; dueOn: string }>, today: string): Coverage {
  const c: Coverage = { ...NO_COVERAGE, total: statuses.length };
  for (const s of statuses) {
    c[s.status]++;
    if (s.dueOn < today) {
      c.dueByNow++;
      if (s.status === "done") c.doneDue++;
    }
  }
  return c;
}

export function addCoverage(a: Coverage, b: Coverage): Coverage {
  return {
    done: a.done + b.done,
    doneDue: a.doneDue + b.doneDue,
    dueByNow: a.dueByNow + b.dueByNow,
    overdue: a.overdue + b.overdue,
    planned: a.planned + b.planned,
    total: a.total + b.total,
  };
}

/** Share of the lessons due by now that were given; 1 when nothing is due yet. */
export function coverageShare(c: Coverage): number {
  return c.dueByNow === 0 ? 1 : c.doneDue / c.dueByNow;
}
