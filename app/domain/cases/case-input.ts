import { z } from "zod";
import { caseContent } from "~/content/case-models";
import type { MessageKey } from "~/i18n/dictionary";
import { recordId } from "~/domain/input/record-id";

// The case forms as they are posted, checked at the boundary. Rules that need the case
// (which step a task is, whether a date is in the future) are checked in the domain modules beside it.

export const CASE_LIMITS = {
  name: 120,
  classLabel: 20,
  notes: 2000,
  summary: 4000,
  content: 4000,
  participants: 500,
  reason: 2000,
} as const;

const optionOf = (list: ReadonlyArray<{ id: string }>, error: MessageKey) =>
  z.string().refine((v) => list.some((o) => o.id === v), { error });

const text = (max: number, error: MessageKey) => z.string().trim().max(max, { error });
const requiredText = (max: number, error: MessageKey) => z.string().trim().min(1, { error }).max(max, { error });

/** A real calendar day as YYYY-MM-DD (2026-02-30 matches the pattern but is no day). */
export const calendarDay = (error: MessageKey) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error })
    .refine((d) => new Date(Date.parse(`${d}T00:00:00Z`) || 0).toISOString().slice(0, 10) === d, { error });

const caseModelId = z.enum(["kiva", "dosbol"], { error: "cases.error.model" });

export const openFromReportsSchema = z.object({
  reportIds: z
    .array(recordId, { error: "cases.error.reports" })
    .min(1, { error: "cases.error.reports" })
    .max(20, { error: "cases.error.reports" }),
  model: caseModelId,
});

export const concernSchema = z.object({
  source: optionOf(caseContent.concernSources, "cases.error.source"),
  summary: requiredText(CASE_LIMITS.summary, "cases.error.summary"),
  model: caseModelId,
});

export const linkReportSchema = z.object({ reportId: recordId });
/** The case a report's page adds the report to. */
export const chosenCaseSchema = z.object({ caseId: recordId.catch(0).refine((id) => id > 0, { error: "cases.error.chooseCase" }) });

export const personSchema = z.object({
  role: optionOf(caseContent.personRoles, "cases.error.role"),
  name: requiredText(CASE_LIMITS.name, "cases.error.name"),
  classLabel: text(CASE_LIMITS.classLabel, "cases.error.classLabel"),
  notes: text(CASE_LIMITS.notes, "cases.error.notes"),
});
export type PersonInput = z.infer<typeof personSchema>;

export const screeningSchema = z
  .object({
    criteria: z.array(optionOf(caseContent.screeningCriteria, "cases.error.criteria")).max(caseContent.screeningCriteria.length),
    result: z.enum(["bullying", "conflict", "fight"], { error: "cases.error.screeningResult" }),
    note: text(CASE_LIMITS.content, "cases.error.note"),
  })
  // A conflict or a fight closes the case: the reason must be written down like any closure.
  .refine((s) => s.result === "bullying" || s.note.length > 0, { error: "cases.error.closureNote", path: ["note"] })
  .refine((s) => new Set(s.criteria).size === s.criteria.length, { error: "cases.error.criteria", path: ["criteria"] });
export type ScreeningInput = z.infer<typeof screeningSchema>;

export const stepRecordSchema = z.object({
  taskId: recordId,
  heldOn: calendarDay("cases.error.heldOn"),
  participants: text(CASE_LIMITS.participants, "cases.error.participants"),
  content: requiredText(CASE_LIMITS.content, "cases.error.content"),
  /** Only a follow-up asks for it; the domain checks it against the step. */
  result: z
    .string()
    .default("")
    .transform((r) => (r === "" ? null : r))
    .refine((r) => r === null || caseContent.followUpResults.some((o) => o.id === r), { error: "cases.error.result" }),
  /** Only an assistance plan asks for it: the day by which its goals are to be met. */
  reviewBy: z.union([z.literal("").transform(() => null), calendarDay("cases.error.reviewBy")]).default(null),
});
export type StepRecordInput = Omit<z.infer<typeof stepRecordSchema>, "taskId">;

export const assignSchema = z.object({
  taskId: recordId,
  ownerId: recordId,
  dueOn: calendarDay("cases.error.dueOn"),
});

export const noteSchema = z.object({ content: requiredText(CASE_LIMITS.content, "cases.error.content") });

export const closeSchema = z.object({
  outcome: optionOf(caseContent.outcomes, "cases.error.outcome"),
  note: requiredText(CASE_LIMITS.content, "cases.error.closureNote"),
});

export const reopenSchema = z.object({ reason: requiredText(CASE_LIMITS.reason, "cases.error.reason") });

export const caseListFilterSchema = z.object({
  status: z.enum(["active", "screening", "open", "monitoring", "closed"]).optional().catch(undefined),
});
