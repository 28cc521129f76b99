import { z } from "zod";
import type { MessageKey } from "~/i18n/dictionary";

const optionalInt = (max: number) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= max))
    .transform((v) => (v === "" ? null : Number(v)));

/** The fields of a lesson entry as a form posts them; minutes left empty means the unit's usual length. */
export const lessonEntryFields = {
  taughtOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    // 2026-09-31 matches the pattern but is no day.
    .refine((d) => new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d),
  minutes: optionalInt(600).refine((m) => m === null || m > 0),
  pupilsPresent: optionalInt(60),
  note: z.string().trim().max(500).default(""),
};

export const logLessonSchema = z.object({
  classIds: z
    .array(
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    )
    .min(1),
  lessonId: z.string().min(1),
  ...lessonEntryFields,
});

export const correctLessonSchema = z.object(lessonEntryFields);

/** A form field or a domain refusal, worded for the teacher. */
export const lessonProblemKey: Record<string, MessageKey> = {
  classIds: "lessons.error.class",
  class: "lessons.error.class",
  lessonId: "lessons.error.lesson",
  lesson: "lessons.error.lesson",
  taughtOn: "lessons.error.date",
  date: "lessons.error.date",
  minutes: "lessons.error.minutes",
  pupilsPresent: "lessons.error.pupils",
  pupils: "lessons.error.pupils",
  note: "lessons.error.note",
};
