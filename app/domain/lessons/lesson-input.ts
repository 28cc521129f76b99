import { z } from "zod";
import type { MessageKey } from "~/i18n/dictionary";
import { recordId } from "~/domain/input/record-id";

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
