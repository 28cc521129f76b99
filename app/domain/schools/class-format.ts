import { z } from "zod";
import type { MessageKey } from "~/i18n/dictionary";

/** Languages of instruction in Kazakhstan's schools. */
export const INSTRUCTION_LANGUAGES = ["kk", "ru", "uz", "ug", "tg", "en"] as const;

/** The header of a classes CSV file, in this order. */
export const CSV_COLUMNS = ["grade", "letter", "language", "pupils", "teacher_email"] as const;

/** The one-class form. A blank number is a mistake to point out, not a zero to store; the rest is checked by saveClass. */
export const classFormSchema = z
  .object({
    grade: z
      .string()
      .regex(/^\d{1,2}$/, { error: "classes.error.grade" })
      .transform(Number),
    letter: z.string().trim(),
    language: z.string(),
    pupils: z
      .string()
      .regex(/^\d{1,3}$/, { error: "classes.error.pupils" })
      .transform(Number),
    teacher: z.string(),
  })
  .transform(({ grade, letter, language, pupils, teacher }) => ({
    grade,
    letter: letter.toUpperCase(),
    language,
    pupilCount: pupils,
    teacherEmail: teacher,
  }));

/** A refusal of the class form or of a CSV line, worded for the school admin. */
export const classProblemKey = {
  grade: "classes.error.grade",
  letter: "classes.error.letter",
  language: "classes.error.language",
  pupils: "classes.error.pupils",
  teacher: "classes.error.teacher",
  columns: "classes.error.columns",
  header: "classes.error.header",
  duplicate: "classes.error.duplicate",
  empty: "classes.error.empty",
} as const satisfies Record<string, MessageKey>;
