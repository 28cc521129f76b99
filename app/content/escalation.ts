import { z } from "zod";
import escalationJson from "../../content/escalation.json";
import { regions } from "./content";
import { localized } from "./schemas.server";

// The ladder an urgent report climbs until a person acknowledges it, and the hours in which a
// school is there to answer: data per region (content/escalation.json), defaults for the rest.
const recipient = z.enum(["psychologist", "deputy", "director", "district_on_duty", "region_admin"]);
export type RecipientKind = z.infer<typeof recipient>;

/** Steps the ladder takes besides its rungs: the duty psychologist, the school psychologist out of hours, and again next morning. */
export const READER_STEPS = ["duty", "reader", "morning"] as const;
export type ReaderStep = (typeof READER_STEPS)[number];

const rung = z.object({
  id: z
    .string()
    .regex(/^[a-z_]+$/)
    .refine((id) => !(READER_STEPS as readonly string[]).includes(id), "a rung id is reserved for the reader steps"),
  label: localized,
  /** Minutes after the previous rung fired (the first rung: after the report arrived). */
  afterMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  notify: z.array(recipient).min(1),
  /** The top rung prepares a hand-off to the 111 contact centre. */
  handoff111: z.boolean().optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const schoolHours = z
  .object({ weekdays: z.array(z.number().int().min(1).max(7)).min(1), from: hhmm, to: hhmm })
  .refine((h) => h.from < h.to, "school hours must end after they start");
/** MM-DD every year, or YYYY-MM-DD once. */
const dayOff = z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/);

/**
 * A burst (a possible flood): at least `urgentReports` urgent reports at one school within
 * `withinMinutes`. Each person on the ladder then gets one grouped alert, not one per report;
 * low is safe, since a grouped alert still reaches the reader.
 */
const burst = z.object({
  urgentReports: z.number().int().min(2).max(1000),
  withinMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
const hhmmOrMidnight = z.union([hhmm, z.literal("24:00")]);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/);
const staffEmail = z.email().transform((e) => e.toLowerCase());
/**
 * Who reads an urgent report out of school hours: a staff account (psychologist or service
 * account of the regional psychological centre) by e-mail, on duty whenever the school is
 * closed, on a weekly pattern (a shift whose `to` is not after `from` ends the next day), or on
 * a date. Dated shifts replace the patterns while they run. Times are Kazakhstan time.
 */
const dutyShift = z.union([
  z.object({ email: staffEmail, whenSchoolIsClosed: z.literal(true) }).strict(),
  z.object({ email: staffEmail, weekdays: z.array(z.number().int().min(1).max(7)).min(1), from: hhmm, to: hhmmOrMidnight }).strict(),
  z
    .object({ email: staffEmail, from: localDateTime, to: localDateTime })
    .strict()
    .refine((s) => s.from < s.to, "a dated shift must end after it starts"),
]);
const dutyPsychologists = z.object({
  /** Minutes after a shift ends in which its psychologist may still finish reading. */
  graceMinutes: z.number().int().min(0).max(240),
  shifts: z.array(dutyShift),
});
export type DutyShift = z.infer<typeof dutyShift>;

const ladderFields = z.object({
  dutyPsychologists,
  rungs: z
    .array(rung)
    .min(1)
    .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, "duplicate rung id"),
  outOfHoursStartsAt: z.string(),
  burst,
  schoolHours,
  daysOff: z.array(dayOff),
  confirmed: z.boolean().optional(),
});
const ladder = ladderFields.refine((l) => l.rungs.some((r) => r.id === l.outOfHoursStartsAt), "outOfHoursStartsAt names no rung");

const escalationSchema = z
  .object({ defaults: ladder, regions: z.record(z.string(), ladderFields.partial()) })
  .refine((c) => Object.keys(c.regions).every((code) => regions.some((r) => r.code === code)), "unknown region code")
  .transform((c) => {
    const perRegion = new Map<string, Ladder>();
    for (const [code, override] of Object.entries(c.regions)) perRegion.set(code, ladder.parse({ ...c.defaults, ...override }));
    return { defaults: c.defaults, perRegion };
  });

export type Ladder = z.infer<typeof ladder>;
export type Rung = z.infer<typeof rung>;

const escalation = escalationSchema.parse(escalationJson);

export function ladderFor(region: string): Ladder {
  return escalation.perRegion.get(region) ?? escalation.defaults;
}
