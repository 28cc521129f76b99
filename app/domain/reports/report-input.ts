import { z } from "zod";
import { reportOptions } from "~/content/content";
import type { MessageKey } from "~/i18n/dictionary";
import { posterPlaceId } from "../posters/poster-place";

// Messages are i18n keys: the route translates them into the reporter's language.
const msg = (key: MessageKey) => ({ error: key });
const ids = (list: Array<{ id: string }>) => list.map((o) => o.id) as [string, ...string[]];

/** Stored for who / where / how often / since when when the reporter did not say (or chose not to). */
export const NOT_SAID = "not_said";
// Only "what happened" is required: a child in danger may not know, or want to say, the rest.
// An answer that is not one of the options (a stale page, a hand-made post) counts as not said.
const optionalOneOf = (list: Array<{ id: string }>) =>
  z
    .unknown()
    .optional()
    .transform((v) => (typeof v === "string" && v !== "" && ids(list).includes(v) ? v : NOT_SAID));

/** Characters as a person counts them: an emoji is one, not two UTF-16 units. */
export const charCount = (s: string) => [...s].length;
const { limits } = reportOptions;

/** Words as they are stored: normalised so the same words typed on two keyboards are stored the same way. */
export const asStored = (s: string) => s.normalize("NFC").replace(/\r\n?/g, "\n").trim();

const text = (max: number, tooLong: MessageKey) =>
  z
    .string()
    .default("")
    .transform(asStored)
    .refine((s) => charCount(s) <= max, msg(tooLong));

const contactText = text(limits.contactMaxChars, "report.error.contactTooLong");

export const reportInputSchema = z
  .object({
    reporterRole: optionalOneOf(reportOptions.reporterRoles),
    categories: z
      .array(z.string())
      .min(1, msg("report.error.categories"))
      .refine((cs) => cs.every((c) => ids(reportOptions.categories).includes(c)), msg("report.error.categories"))
      .transform((cs) => [...new Set(cs)]),
    location: optionalOneOf(reportOptions.locations),
    frequency: optionalOneOf(reportOptions.frequencies),
    since: optionalOneOf(reportOptions.since),
    grade: z
      .string()
      .default("")
      .refine((g) => g === "" || /^(?:[1-9]|1[01])$/.test(g), msg("report.error.grade"))
      .transform((g) => (g === "" ? null : Number(g))),
    description: text(limits.descriptionMaxChars, "report.error.descriptionTooLong"),
    contactRequested: z
      .string()
      .optional()
      .transform((v) => v === "yes"),
    contactName: contactText,
    contactClass: contactText,
    // The poster's place, from its QR code: a stale or mistyped one is dropped, never an error.
    place: z.string().optional().transform(posterPlaceId),
  })
  .refine((r) => !r.contactRequested || r.contactName !== "", {
    path: ["contactName"],
    error: "report.error.contactName",
    // Checked even while other answers are missing, so every problem is shown at once.
    when: (payload) => contactText.safeParse((payload.value as { contactName?: unknown }).contactName).success,
  });

export type ReportInput = z.output<typeof reportInputSchema>;
export type ReportField = keyof z.input<typeof reportInputSchema>;

/**
 * Validates a posted report; on failure, the first problem of each field as an i18n key.
 * A life-safety report is never refused for its other answers: they are made storable instead
 * (words cut at the limit, an unknown grade dropped, a contact request without a name dropped).
 */
export function parseReport(values: Partial<ReportFormValues>, lifeSafety = isLifeSafety(values.categories ?? [])) {
  const parsed = reportInputSchema.safeParse(values);
  if (parsed.success) return { success: true as const, data: parsed.data };
  if (lifeSafety) {
    const rescued = reportInputSchema.safeParse(storable(values));
    if (rescued.success) return { success: true as const, data: rescued.data };
  }
  const errors: Partial<Record<ReportField, MessageKey>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ReportField;
    errors[field] ??= issue.message as MessageKey;
  }
  return { success: false as const, errors };
}

/** The form as posted, before validation: what we re-render when something is wrong. */
export function reportFormValues(form: FormData) {
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return {
    reporterRole: str("reporterRole"),
    categories: form.getAll("categories").filter((v): v is string => typeof v === "string"),
    location: str("location"),
    frequency: str("frequency"),
    since: str("since"),
    grade: str("grade"),
    description: str("description"),
    contactRequested: str("contactRequested"),
    contactName: str("contactName"),
    contactClass: str("contactClass"),
    place: str("place"),
  };
}
export type ReportFormValues = ReturnType<typeof reportFormValues>;

function storable(values: Partial<ReportFormValues>): Partial<ReportFormValues> {
  const cut = (s: string | undefined, max: number) => (s === undefined ? s : [...s.normalize("NFC").trim()].slice(0, max).join(""));
  const contactName = cut(values.contactName, limits.contactMaxChars);
  return {
    ...values,
    categories: withSomeCategory((values.categories ?? []).filter((c) => ids(reportOptions.categories).includes(c))),
    grade: values.grade && /^(?:[1-9]|1[01])$/.test(values.grade) ? values.grade : "",
    description: cut(values.description, limits.descriptionMaxChars),
    contactName,
    contactClass: cut(values.contactClass, limits.contactMaxChars),
    contactRequested: contactName ? values.contactRequested : undefined,
  };
}

/** Words the screen found with nothing ticked are stored as "something else": what the child said, no more. */
const withSomeCategory = (categories: string[]) => (categories.length > 0 ? categories : ["other"]);

export function isLifeSafety(categories: string[]): boolean {
  return reportOptions.categories.some((c) => c.lifeSafety && categories.includes(c.id));
}

const messageInputSchema = text(limits.messageMaxChars, "status.error.messageTooLong").refine(
  (s) => s.length > 0,
  msg("status.error.messageEmpty"),
);
/** A message in the conversation on a report, from the reporter or from the school. */
export const messageFormSchema = z.object({ body: messageInputSchema });
