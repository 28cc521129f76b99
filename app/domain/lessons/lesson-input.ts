import { z } from "zod";
import type { MessageKey } from "~/i18n/dictionary";
import { recordId } from "~/domain/input/record-id";
import { programmes, type ProgrammeId } from "~/content/programmes";

const optionalInt = (max: number, error: MessageKey) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= max), { error })
    .transform((v) => (v === "" ? null : Number(v)));

/** The fields of a lesson entry as a form posts them; minutes left empty means the unit's usual length. */
const lessonEntryFields = {
  taughtOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "lessons.error.date" })
    // 2026-09-31 matches the pattern but is no day.
    .refine((d) => new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d, { error: "lessons.error.date" }),
  minutes: optionalInt(600, "lessons.error.minutes").refine((m) => m === null || m > 0, { error: "lessons.error.minutes" }),
  pupilsPresent: optionalInt(60, "lessons.error.pupils"),
  note: z.string().trim().max(500, { error: "lessons.error.note" }),
};

export const logLessonSchema = z.object({
  classIds: z.array(recordId, { error: "lessons.error.class" }).min(1, { error: "lessons.error.class" }),
  lessonId: z.string().min(1, { error: "lessons.error.lesson" }),
  ...lessonEntryFields,
});

/** A correction keeps the lesson and its class; its length is given, as the entry already had one. */
export const correctLessonSchema = z.object({
  ...lessonEntryFields,
  minutes: lessonEntryFields.minutes.pipe(z.number({ error: "lessons.error.minutes" })),
});

/** A refusal of the lessons domain, worded for the teacher. */
export const lessonProblemKey = {
  class: "lessons.error.class",
  lesson: "lessons.error.lesson",
  date: "lessons.error.date",
  pupils: "lessons.error.pupils",
} as const satisfies Record<string, MessageKey>;

/** A grade as the plan form posts it, 1–11; anything else is no grade. */
const gradeOf = (v: string) => (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 11 ? Number(v) : undefined);

/**
 * The school's programme plan: each programme ticked ("on-<id>") runs this year for the grades
 * from–to ("from-<id>", "to-<id>"); an unticked one's grades are ignored.
 */
export const schoolPlanSchema = z
  .object(Object.fromEntries(programmes.flatMap((p) => ["on", "from", "to"].map((f) => [`${f}-${p.id}`, z.string()]))))
  .transform((form, ctx) =>
    programmes.flatMap((p) => {
      if (form[`on-${p.id}`] !== "yes") return [];
      const gradeFrom = gradeOf(form[`from-${p.id}`] ?? "");
      const gradeTo = gradeOf(form[`to-${p.id}`] ?? "");
      if (gradeFrom === undefined || gradeTo === undefined || gradeFrom > gradeTo) {
        ctx.addIssue({ code: "custom", path: [`from-${p.id}`], message: "programmes.error.grades" });
        return [];
      }
      return [{ programmeId: p.id as ProgrammeId, gradeFrom, gradeTo }];
    }),
  );

/** The school's programme team: its members and, if named, the coordinator among them (checked by setSchoolTeam). */
export const schoolTeamSchema = z.object({
  members: z.array(recordId, { error: "programmes.error.team" }),
  coordinator: z.union([z.literal("").transform(() => null), recordId], { error: "programmes.error.team" }),
});
