import { z } from "zod";

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
