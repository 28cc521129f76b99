import { z } from "zod";
import regionsJson from "../../content/regions.json";
import hotlinesJson from "../../content/hotlines.json";
import reportOptionsJson from "../../content/report-options.json";

// Content is data a methodologist edits; the schema turns a typo into a start-up error, not a blank page.
const localized = z.object({ kk: z.string().min(1), ru: z.string().min(1), en: z.string().min(1) });
export type Localized = z.infer<typeof localized>;
export { localized, options, uniqueIds };

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
  categories: z.array(option.extend({ lifeSafety: z.boolean() })).min(1).refine(uniqueIds, "duplicate id"),
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

export const regions = regionsSchema.parse(regionsJson);
export type Region = (typeof regions)[number];
export const hotlines = hotlinesSchema.parse(hotlinesJson);
export const reportOptions = reportOptionsSchema.parse(reportOptionsJson);
export type ReportOption = z.infer<typeof option>;

export function findRegion(code: string): Region | undefined {
  return regions.find((r) => r.code === code);
}
