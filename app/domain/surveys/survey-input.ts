import { z } from "zod";
import { recordId } from "~/domain/input/record-id";

// What a student can answer in the class survey (shared by the form and the server).
export const FREQUENCIES = ["never", "once_twice", "two_three_month", "weekly", "several_week"] as const;
export const BULLYING_FORMS = [
  "verbal",
  "exclusion",
  "physical",
  "rumours",
  "property",
  "threats",
  "ethnicity_religion",
  "sexual",
  "cyber",
  "other",
] as const;
export const TRUSTED_ADULT = ["yes", "no", "unsure"] as const;

export const surveyAnswerSchema = z.object({
  beenBullied: z.enum(FREQUENCIES, { message: "survey.error.beenBullied" }),
  bulliedOthers: z.enum(FREQUENCIES, { message: "survey.error.bulliedOthers" }),
  forms: z.array(z.enum(BULLYING_FORMS)).max(BULLYING_FORMS.length),
  trustedAdult: z.enum(TRUSTED_ADULT, { message: "survey.error.trustedAdult" }),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

export function formatSurveyCode(code: string): string {
  return `${code.slice(0, 2)}-${code.slice(2)}`;
}

/** An empty or unreadable field is no choice. */
const choiceOf = <T extends z.ZodType>(value: T) => z.union([z.literal("").transform(() => undefined), value]).catch(undefined);

/** Opening a survey: for one class or for a whole grade, exactly one of the two. */
export const surveyTargetSchema = z
  .object({ classId: choiceOf(recordId), grade: choiceOf(z.coerce.number().int().min(1).max(11)) })
  .refine((v) => (v.classId === undefined) !== (v.grade === undefined), { error: "surveys.error.target" })
  .transform((v) => (v.classId !== undefined ? { classId: v.classId } : { grade: v.grade! }));
