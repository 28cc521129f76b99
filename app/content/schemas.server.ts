import { z } from "zod";
import caseModelsJson from "../../content/case-models.json";
import hotlinesJson from "../../content/hotlines.json";
import programmesJson from "../../content/programmes.json";
import regionsJson from "../../content/regions.json";
import reportOptionsJson from "../../content/report-options.json";
import schoolYearsJson from "../../content/school-years.json";
import servicesJson from "../../content/services.json";

// Content is data a methodologist edits; these schemas turn a typo into a start-up error, not a
// blank page. They stay on the server: pages read the same files as plain data (app/content/*.ts),
// so zod never reaches a phone.

export const localized = z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
const option = z.object({ id: z.string().regex(/^[a-z_]+$/), label: localized });
const uniqueIds = <T extends { id: string }>(items: T[]) => new Set(items.map((i) => i.id)).size === items.length;
const options = z.array(option).min(1).refine(uniqueIds, "duplicate id");

const regionsSchema = z
  .array(
    z.object({
      code: z.string().regex(/^[a-z-]+$/),
      schoolCodePrefix: z.string().regex(/^[2-9A-HJKMNP-Z]{2}$/),
      name: localized,
    }),
  )
  .refine((rs) => new Set(rs.map((r) => r.schoolCodePrefix)).size === rs.length, "duplicate school code prefix")
  .refine((rs) => new Set(rs.map((r) => r.code)).size === rs.length, "duplicate region code");

const hotlinesSchema = z.array(z.object({ number: z.string().regex(/^\d{3}$/), name: localized, when: localized }));

const reportOptionsSchema = z.object({
  reporterRoles: options,
  categories: z
    .array(option.extend({ lifeSafety: z.boolean() }))
    .min(1)
    .refine(uniqueIds, "duplicate id"),
  locations: options,
  frequencies: options,
  since: options,
  closureReasons: options,
  limits: z.object({
    descriptionMaxChars: z.number().int().positive(),
    messageMaxChars: z.number().int().positive(),
    contactMaxChars: z.number().int().positive(),
  }),
});

export type Localized = z.infer<typeof localized>;
export type Region = z.infer<typeof regionsSchema>[number];
export type Hotline = z.infer<typeof hotlinesSchema>[number];
export type ReportOptions = z.infer<typeof reportOptionsSchema>;
export type ReportOption = z.infer<typeof option>;

// The case models of the programmes, the person roles and the answer options.
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
  .refine(
    (c) => c.models.every((m) => m.steps.every((s) => s.forRole === null || c.personRoles.some((r) => r.id === s.forRole))),
    "a step names an unknown person role",
  )
  .refine(
    (c) => ["bullying", "conflict", "fight"].every((id) => c.screeningResults.some((r) => r.id === id)),
    "screening results must be bullying, conflict and fight",
  )
  .refine(
    (c) => ["stopped", "decreased", "continued"].every((id) => c.followUpResults.some((r) => r.id === id)),
    "follow-up results must include stopped, decreased and continued",
  );

export type CaseContent = z.infer<typeof caseModelsSchema>;
export type CaseStep = z.infer<typeof stepSchema>;
export type CaseModelContent = z.infer<typeof modelSchema>;

// The kinds of services a school refers to and the directory every region starts with.
const kindSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  label: localized,
  /** Working days a new service of this kind gets to accept or decline; the region admin can change it per service. */
  responseDays: z.number().int().min(1).max(60),
});

const servicesSchema = z
  .object({
    kinds: z.array(kindSchema).min(1).refine(uniqueIds, "duplicate service kind"),
    /** Every region's starting directory; `{region}` in a name becomes the region's name. */
    seed: z
      .array(
        z.object({
          kind: z.string(),
          name: localized,
          phone: z.string().max(40).optional(),
          email: z.email().optional(),
          address: z.string().max(500).optional(),
          /** Whether a person checked these contact details; seeded ones default to not. */
          confirmed: z.boolean().optional(),
        }),
      )
      .min(1),
  })
  .refine((c) => c.seed.every((s) => c.kinds.some((k) => k.id === s.kind)), "a seed service names an unknown kind");

export type ServiceContent = z.infer<typeof servicesSchema>;
export type ServiceKind = z.infer<typeof kindSchema>;

// The programmes with their units and lessons, and the school years with their holidays.
const id = z.string().regex(/^[a-z0-9-]+$/);
const grade = z.number().int().min(1).max(11);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(d)), "not a date");

const lessonSchema = z.object({ id, title: localized, rule: localized.optional(), confirmed: z.boolean() });
const unitSchema = z.object({
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
        .refine(
          (y) => y.start < y.end && y.holidays.every((h) => h.from <= h.to && h.from >= y.start && h.to <= y.end),
          "holidays must lie inside the year",
        ),
    )
    .min(1),
});

export type ProgrammesContent = z.infer<typeof programmesSchema>;
export type SchoolYear = z.infer<typeof schoolYearsSchema>["years"][number];

const files: Array<[string, z.ZodType, unknown]> = [
  ["regions.json", regionsSchema, regionsJson],
  ["hotlines.json", hotlinesSchema, hotlinesJson],
  ["report-options.json", reportOptionsSchema, reportOptionsJson],
  ["case-models.json", caseModelsSchema, caseModelsJson],
  ["services.json", servicesSchema, servicesJson],
  ["programmes.json", programmesSchema, programmesJson],
  ["school-years.json", schoolYearsSchema, schoolYearsJson],
];

/**
 * Every content file checked against its schema: the server runs it as it starts (entry.server.tsx),
 * so bad content stops it before any page shows it, and the unit tests run it too.
 * (content/escalation.json is parsed where it is read, app/content/escalation.ts: server-only.)
 */
export function validateContent(): void {
  for (const [file, schema, data] of files) {
    const result = schema.safeParse(data);
    if (!result.success) throw new Error(`content/${file} is not valid:\n${z.prettifyError(result.error)}`);
  }
}
