import fs from "node:fs";
import { regions, reportOptions, type Localized } from "~/content/content";
import { may, type Actor } from "../policy/policy.server";
import { MIN_RESPONDENTS, NATIONAL_VICTIM_BASELINE } from "../surveys/surveys.server";
import { monthsBetween, type DashboardFilters } from "./dashboard-filters";
import { nationalDbFile, openNationalDb } from "./rollup.server";
import { suppressSmallCounts, type Cell } from "./suppression";

/**
 * The national view from the roll-up's database: per region and month, suppressed as the
 * dashboards are. Undefined when the actor is not the ministry; `missing` before any roll-up.
 */
export function nationalOverview(actor: Actor, period: Pick<DashboardFilters, "from" | "to">, currentYearId: string) {
  if (!may(actor, "read:national")) return undefined;
  const file = nationalDbFile();
  if (!fs.existsSync(file)) return { missing: true as const };
  const db = openNationalDb(file, { readonly: true });
  try {
    const months = monthsBetween(period.from, period.to);
    const inRegion = db.prepare("select region, schools, pupils, rolled_up_at from national_regions order by region").all() as Array<{
      region: string;
      schools: number;
      pupils: number;
      rolled_up_at: string;
    }>;
    const sums = db
      .prepare(
        `select region, sum(reports) as reports, sum(urgent) as urgent, sum(answered_24h) as answered_24h, sum(cases) as cases
         from national_months where month >= ? and month <= ? group by region`,
      )
      .all(period.from, period.to) as Array<{ region: string; reports: number; urgent: number; answered_24h: number; cases: number }>;
    const monthly = db
      .prepare("select month, sum(reports) as reports from national_months where month >= ? and month <= ? group by month")
      .all(period.from, period.to) as Array<{ month: string; reports: number }>;
    const categories = db
      .prepare("select category, sum(reports) as reports from national_categories where month >= ? and month <= ? group by category")
      .all(period.from, period.to) as Array<{ category: string; reports: number }>;
    const surveys = db
      .prepare("select region, respondents, victims, bullies from national_surveys where year_id = ?")
      .all(currentYearId) as Array<{ region: string; respondents: number; victims: number; bullies: number }>;

    const rows = inRegion.map((r) => ({
      ...r,
      sum: sums.find((s) => s.region === r.region),
      survey: surveys.find((s) => s.region === r.region),
    }));
    const reportCells = suppressSmallCounts(rows.map((r) => r.sum?.reports ?? 0));
    const caseCells = suppressSmallCounts(rows.map((r) => r.sum?.cases ?? 0));
    const share = (part: number, whole: number): number | null => {
      // A share is shown only when neither its part nor the rest is a small count.
      const line = suppressSmallCounts([part, whole - part]);
      return whole > 0 && line.every((c) => c.kind === "shown") ? part / whole : null;
    };
    const pupils = inRegion.reduce((s, r) => s + r.pupils, 0);
    const monthCells = suppressSmallCounts(months.map((m) => monthly.find((x) => x.month === m)?.reports ?? 0));
    const categoryIds = reportOptions.categories.map((c) => c.id);
    const categoryCells = suppressSmallCounts(categoryIds.map((id) => categories.find((c) => c.category === id)?.reports ?? 0));
    return {
      missing: false as const,
      rolledUpAt: inRegion.map((r) => r.rolled_up_at).sort()[0] ?? null,
      pupils,
      baseline: NATIONAL_VICTIM_BASELINE,
      regions: rows.map((r, i) => ({
        region: r.region,
        name: regions.find((x) => x.code === r.region)?.name ?? ({ kk: r.region, ru: r.region, en: r.region } as Localized),
        schools: r.schools,
        pupils: r.pupils,
        reports: reportCells[i]!,
        per1000: reportCells[i]!.kind === "shown" && r.pupils > 0 ? ((reportCells[i] as { value: number }).value * 1000) / r.pupils : null,
        cases: caseCells[i]!,
        urgentShare: r.sum ? share(r.sum.urgent, r.sum.reports) : null,
        answered24hShare: r.sum ? share(r.sum.answered_24h, r.sum.reports) : null,
        surveyRespondents: r.survey?.respondents ?? 0,
        victims: r.survey && r.survey.respondents >= MIN_RESPONDENTS ? r.survey.victims / r.survey.respondents : null,
        bullies: r.survey && r.survey.respondents >= MIN_RESPONDENTS ? r.survey.bullies / r.survey.respondents : null,
      })),
      monthly: months.map((month, i) => ({
        month,
        reports: monthCells[i]! as Cell,
        per1000: monthCells[i]!.kind === "shown" && pupils > 0 ? ((monthCells[i] as { value: number }).value * 1000) / pupils : null,
      })),
      categories: categoryIds.map((id, i) => ({ id, reports: categoryCells[i]! })),
    };
  } finally {
    db.close();
  }
}
