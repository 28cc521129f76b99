import { z } from "zod";
import programmesJson from "../../content/programmes.json";
import schoolYearsJson from "../../content/school-years.json";

const localized = z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
const id = z.string().regex(/^[a-z0-9-]+$/);
const grade = z.number().int().min(1).max(11);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)), "not a date");

const lessonSchema = z.object({ id, title: localized, rule: localized.optional(), confirmed: z.boolean() });
const unitSchema = z
  .object({
    id,
    name: localized,
    grades: z.tuple([grade, grade]).refine(([a, b]) => a <= b, "grade range reversed"),
    months: z.array(z.number().int().min(1).max(12)).min(1),
    minutes: z.number().int().positive(),
    repeatsPerYear: z.number().int().min(1).max(10),
    lessons: z.array(lessonSchema).min(1),
    confirmed: z.boolean(),
  });
const programmeSchema = z.object({
  id: z.enum(["kiva", "dosbol", "safety"]),
  name: localized,
  units: z.array(unitSchema).min(1),
  schoolWide: z.array(z.object({ id, title: localized, confirmed: z.boolean() })),
  confirmed: z.boolean(),
});

export const programmesSchema = z
  .object({ programmes: z.array(programmeSchema) })
  .refine((c) => {
    const ids = c.programmes.flatMap((p) => [
      ...p.units.flatMap((u) => [u.id, ...u.lessons.map((l) => l.id)]),
      ...p.schoolWide.map((s) => s.id),
    ]);
    return new Set(ids).size === ids.length;
  }, "ids must be unique across programmes")
  .refine(
    (c) =>
      c.programmes.every((p) =>
        p.units.every((u, i) => p.units.slice(i + 1).every((v) => u.grades[1] < v.grades[0] || v.grades[1] < u.grades[0])),
      ),
    "a programme's units must not overlap in grades",
  );

export const schoolYearsSchema = z.object({
  years: z
    .array(
      z
        .object({
          id: z.string().regex(/^\d{4}-\d{4}$/),
          start: isoDate,
          end: isoDate,
          holidays: z.array(z.object({ from: isoDate, to: isoDate, name: localized, grades: z.tuple([grade, grade]) })),
          confirmed: z.boolean(),
        })
        .refine((y) => y.start < y.end && y.holidays.every((h) => h.from <= h.to && h.from >= y.start && h.to <= y.end), "holidays must lie inside the year"),
    )
    .min(1),
});

export const { programmes } = programmesSchema.parse(programmesJson);
export const { years: schoolYears } = schoolYearsSchema.parse(schoolYearsJson);

export type Programme = (typeof programmes)[number];
export type ProgrammeId = Programme["id"];
export type Unit = Programme["units"][number];
export type Lesson = Unit["lessons"][number];
export type SchoolYear = (typeof schoolYears)[number];

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
