import { z } from "zod";
import caseModelsJson from "../../content/case-models.json";
import type { CaseModel } from "../../db/schema";
import { localized, options, uniqueIds } from "./content";

const stepSchema = z.object({
  id: z.string().regex(/^[a-z_]+$/),
  label: localized,
  hint: localized,
  /** A step taken with each person in this role (one task per person), or once for the case. */
  forRole: z.string().nullable(),
  /** Days after screening the step is due. */
  dueDays: z.number().int().min(0).max(90),
  /** A step that recurs (ДосболLIKE monitoring) is scheduled again this many days after it is done. */
  repeatEveryDays: z.number().int().min(1).max(90).optional(),
  /** What writing the step down asks for: a discussion (who took part, what was agreed), a contact, a plan, a follow-up's answer, or a note. */
  records: z.enum(["discussion", "contact", "plan", "follow_up", "note"]),
});

const modelSchema = z.object({
  id: z.enum(["kiva", "dosbol"]),
  label: localized,
  /** KiVa asks for a team of at least three staff. */
  teamMinimum: z.number().int().min(1),
  /** Days after closing that the reporter is asked through /status whether it really stopped. */
  checkinAfterDays: z.number().int().min(1).max(120),
  /** Days a resolved case stays under observation before it closes (0: closes at once). */
  monitoringDays: z.number().int().min(0).max(365),
  /** KiVa: the class teacher names 2–4 classmates to stand by the target. */
  peerSupporters: z
    .object({ min: z.number().int().min(1), max: z.number().int().min(1) })
    .refine((r) => r.min <= r.max, "peerSupporters: min above max")
    .optional(),
  steps: z.array(stepSchema).min(1).refine(uniqueIds, "duplicate step id"),
});

const caseModelsSchema = z
  .object({
    personRoles: options,
    concernSources: options,
    screeningCriteria: options,
    screeningResults: options,
    followUpResults: options,
    outcomes: options,
    models: z.array(modelSchema).length(2).refine(uniqueIds, "duplicate model id"),
  })
  .refine((c) => c.models.every((m) => m.steps.every((s) => s.forRole === null || c.personRoles.some((r) => r.id === s.forRole))), "a step names an unknown person role")
  .refine((c) => ["bullying", "conflict", "fight"].every((id) => c.screeningResults.some((r) => r.id === id)), "screening results must be bullying, conflict and fight")
  .refine((c) => ["stopped", "decreased", "continued"].every((id) => c.followUpResults.some((r) => r.id === id)), "follow-up results must include stopped, decreased and continued");

/** The case models of the programmes, the person roles and the answer options: data in content/case-models.json. */
export const caseContent = caseModelsSchema.parse(caseModelsJson);
export type CaseStep = z.infer<typeof stepSchema>;
export type CaseModelContent = z.infer<typeof modelSchema>;

export function caseModel(id: CaseModel): CaseModelContent {
  return caseContent.models.find((m) => m.id === id)!;
}

export function caseStep(model: CaseModel, stepId: string): CaseStep | undefined {
  return caseModel(model).steps.find((s) => s.id === stepId);
}
