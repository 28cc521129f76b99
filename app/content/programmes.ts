import programmesJson from "../../content/programmes.json";
import schoolYearsJson from "../../content/school-years.json";
import type { ProgrammesContent, SchoolYear } from "./schemas.server";

export type { SchoolYear } from "./schemas.server";

// The programmes and school years, checked at start-up (schemas.server.ts).
export const { programmes } = programmesJson as ProgrammesContent;
export const schoolYears = (schoolYearsJson as { years: SchoolYear[] }).years;

export type Programme = (typeof programmes)[number];
export type ProgrammeId = Programme["id"];
export type Unit = Programme["units"][number];
export type Lesson = Unit["lessons"][number];

/** The unit of a programme a grade is taught, if any. */
export function unitForGrade(programme: Programme, grade: number): Unit | undefined {
  return programme.units.find((u) => grade >= u.grades[0] && grade <= u.grades[1]);
}

export function findLesson(lessonId: string): { programme: Programme; unit: Unit; lesson: Lesson } | undefined {
  for (const programme of programmes)
    for (const unit of programme.units) {
      const lesson = unit.lessons.find((l) => l.id === lessonId);
      if (lesson) return { programme, unit, lesson };
    }
  return undefined;
}
