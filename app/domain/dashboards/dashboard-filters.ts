import { z } from "zod";

/** Grade bands of Kazakhstan's schools: primary 1–4, lower secondary 5–9, upper secondary 10–11. */
export const GRADE_BANDS = { primary: [1, 4], lower: [5, 9], upper: [10, 11] } as const;
export type GradeBand = keyof typeof GRADE_BANDS;

export const LANGUAGES_OF_INSTRUCTION = ["kk", "ru", "uz", "ug", "tg", "en"] as const;

export const SORT_COLUMNS = ["name", "pupils", "reports", "per1000", "coverage", "behind", "attention"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const id = z.coerce.number().int().positive();
const empty = (v: unknown) => (v === "" || v === null ? undefined : v);

const filtersSchema = z.object({
  from: z.preprocess(empty, month.optional()),
  to: z.preprocess(empty, month.optional()),
  district: z.preprocess(empty, id.optional()),
  school: z.preprocess(empty, id.optional()),
  band: z.preprocess(empty, z.enum(["primary", "lower", "upper"]).optional()),
  locality: z.preprocess(empty, z.enum(["urban", "rural"]).optional()),
  language: z.preprocess(empty, z.enum(LANGUAGES_OF_INSTRUCTION).optional()),
  sort: z.preprocess(empty, z.enum(SORT_COLUMNS).optional()),
  dir: z.preprocess(empty, z.enum(["asc", "desc"]).optional()),
});

export type DashboardFilters = {
  /** First and last month of the period, YYYY-MM, in Kazakhstan's calendar. */
  from: string;
  to: string;
  districtId?: number;
  schoolId?: number;
  band?: GradeBand;
  locality?: "urban" | "rural";
  language?: (typeof LANGUAGES_OF_INSTRUCTION)[number];
};
export type SchoolsOrder = { sort: SortColumn; dir: "asc" | "desc" };

/** At most five school years on one page. */
export const MAX_MONTHS = 60;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The dashboard's query string as filters: the last twelve months by default. Undefined when
 * something is malformed or the period is backwards or longer than five years (a 400).
 */
export function parseDashboardQuery(
  params: URLSearchParams,
  today: string,
): { filters: DashboardFilters; order: SchoolsOrder } | undefined {
  const parsed = filtersSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return undefined;
  const q = parsed.data;
  const to = q.to ?? today.slice(0, 7);
  const from = q.from ?? addMonths(to, -11);
  if (from > to || monthsBetween(from, to).length > MAX_MONTHS) return undefined;
  return {
    filters: { from, to, districtId: q.district, schoolId: q.school, band: q.band, locality: q.locality, language: q.language },
    order: { sort: q.sort ?? "attention", dir: q.dir ?? (q.sort === "name" ? "asc" : "desc") },
  };
}

/** The filters back as query-string pairs, for sort links and CSV downloads that keep them. */
export function filtersToQuery(f: DashboardFilters): Record<string, string> {
  const out: Record<string, string> = { from: f.from, to: f.to };
  if (f.districtId) out.district = String(f.districtId);
  if (f.schoolId) out.school = String(f.schoolId);
  if (f.band) out.band = f.band;
  if (f.locality) out.locality = f.locality;
  if (f.language) out.language = f.language;
  return out;
}
