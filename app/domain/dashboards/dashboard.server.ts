import { sql } from "kysely";
import { caseContent } from "~/content/case-models";
import { addDays, SCHOOL_UTC_OFFSET_SQL, startOfLocalDay } from "~/domain/calendar/local-date";
import { reportOptions, type Localized } from "~/content/content";
import { serviceKinds } from "~/content/services";
import { addCoverage, coverageShare, NO_COVERAGE } from "~/domain/lessons/lesson-plan";
import { coverageOfSchools, currentSchoolYear, isBehind } from "~/domain/lessons/lessons.server";
import { singleton } from "../../../db/singleton";
import { NATIONAL_VICTIM_BASELINE, surveyPrevalence } from "../surveys/surveys.server";
import { dashboardSchoolsVisibleTo, may, type Actor } from "../policy/policy.server";
import { withDistrictNames } from "../schools/schools.server";
import { addMonths, GRADE_BANDS, monthsBetween, type DashboardFilters, type SchoolsOrder } from "./dashboard-filters";
import { suppressOne, suppressSmallCounts, type Cell } from "./suppression";

// Everything this module returns is an aggregate: counts (suppressed below five), shares of
// shown counts, school names and lesson coverage. No report, case, text or child leaves it,
// and nothing links a number back to a record: there is no drill-down.

// Inlined as a literal: the indexes of migration 0006 hold these expressions with the literal text.
const KZ_OFFSET = sql.lit(SCHOOL_UTC_OFFSET_SQL);
// Exactly as in the reports_dashboard index (migration 0006), literal text and all, so SQLite
// reads them from the index instead of computing them for every report.
const REPORT_MONTH_SQL = sql<string>`strftime('%Y-%m', submitted_at, ${KZ_OFFSET})`;
/** Minutes to the first answer, capped past a week; null while unanswered. */
const RESPONSE_MINUTES_SQL = sql<
  number | null
>`min(cast(round((julianday(first_response_at) - julianday(submitted_at)) * 1440) as integer), 10081)`;
/** The instant a local month begins, as stored times are compared (ISO UTC). */
function monthStartIso(month: string): string {
  return startOfLocalDay(`${month}-01`);
}

/** A share of two shown counts, or null when either is hidden or there is nothing to share. */
function shareOf(part: Cell, line: Cell[]): number | null {
  if (part.kind !== "shown" || !line.every((c) => c.kind === "shown")) return null;
  const total = line.reduce((s, c) => s + (c.kind === "shown" ? c.value : 0), 0);
  return total === 0 ? null : part.value / total;
}

const FOLLOW_UP_STEPS = caseContent.models.flatMap((m) => m.steps.filter((s) => s.records === "follow_up").map((s) => s.id));

export type DashboardSchool = {
  id: number;
  code: string;
  name: Localized;
  district: Localized;
  locality: "urban" | "rural";
  pupils: number;
  reports: Cell;
  /** Reports per 1,000 pupils; null when the count is hidden. */
  per1000: number | null;
  /** An unanswered report older than seven days (whenever sent). */
  unansweredOverWeek: boolean;
  coverageShare: number;
  classesBehind: number;
  attention: boolean;
};

export type Dashboard = Awaited<ReturnType<typeof buildDashboard>>;

/** A school needs attention when a report waits unanswered over a week or classes fall far behind. */
const BEHIND_SHARE = 0.8;

/**
 * The dashboard of the schools the actor oversees under the filters, or "not-found" when a
 * filter names a district or school outside their view (answered like a missing one), or
 * undefined when they may not see dashboards at all.
 */
export async function dashboardFor(actor: Actor, filters: DashboardFilters, today: string) {
  if (!may(actor, "read:dashboard:district") && !may(actor, "read:dashboard:region")) return undefined;
  const visible = dashboardSchoolsVisibleTo(actor);
  if (filters.districtId !== undefined) {
    const inView = await visible.select("schools.id").where("schools.district_id", "=", filters.districtId).limit(1).executeTakeFirst();
    if (!inView) return "not-found" as const;
  }
  if (filters.schoolId !== undefined) {
    const inView = await visible.select("schools.id").where("schools.id", "=", filters.schoolId).executeTakeFirst();
    if (!inView) return "not-found" as const;
  }
  return buildDashboard(actor, filters, today);
}

async function buildDashboard(actor: Actor, f: DashboardFilters, today: string) {
  const db = actor.db;
  const band = f.band ? GRADE_BANDS[f.band] : undefined;
  let scope = dashboardSchoolsVisibleTo(actor);
  if (f.districtId !== undefined) scope = scope.where("schools.district_id", "=", f.districtId);
  if (f.schoolId !== undefined) scope = scope.where("schools.id", "=", f.schoolId);
  if (f.locality) scope = scope.where("schools.locality", "=", f.locality);
  // A school "teaches in" a language when one of its classes does (the filter's schools).
  if (f.language)
    scope = scope.where((eb) =>
      eb.exists(
        eb
          .selectFrom("classes")
          .select("classes.id")
          .whereRef("classes.school_id", "=", "schools.id")
          .where("classes.language", "=", f.language!),
      ),
    );
  const scopeIds = () => scope.select("schools.id");

  const fromIso = monthStartIso(f.from);
  const toIso = monthStartIso(addMonths(f.to, 1));
  const weekAgoIso = startOfLocalDay(addDays(today, -7));

  let reports = db
    .selectFrom("reports")
    .where("reports.school_id", "in", scopeIds())
    .where("reports.submitted_at", ">=", fromIso)
    .where("reports.submitted_at", "<", toIso);
  if (band) reports = reports.where("reports.grade", ">=", band[0]).where("reports.grade", "<=", band[1]);
  let categoryFacts = db
    .selectFrom("report_category_facts")
    .where("report_category_facts.school_id", "in", scopeIds())
    .where("report_category_facts.submitted_at", ">=", fromIso)
    .where("report_category_facts.submitted_at", "<", toIso);
  if (band)
    categoryFacts = categoryFacts.where("report_category_facts.grade", ">=", band[0]).where("report_category_facts.grade", "<=", band[1]);
  let classes = db.selectFrom("classes").where("classes.school_id", "in", scopeIds());
  if (band) classes = classes.where("classes.grade", ">=", band[0]).where("classes.grade", "<=", band[1]);
  if (f.language) classes = classes.where("classes.language", "=", f.language);
  // Cases, their follow-ups and referrals: the cases opened in the period (cases carry no grade).
  const cases = db
    .selectFrom("cases")
    .where("cases.school_id", "in", scopeIds())
    .where("cases.opened_at", ">=", fromIso)
    .where("cases.opened_at", "<", toIso);

  const [schools, classRows, bySchoolMonth, responses, categories, outcomes, followUps, referrals, unanswered] = await Promise.all([
    withDistrictNames(scope).select(["schools.locality", "schools.district_id"]).execute(),
    classes
      .select(["classes.school_id", sql<number>`sum(classes.pupil_count)`.as("pupils")])
      .groupBy("classes.school_id")
      .execute(),
    reports
      .select([
        "reports.school_id",
        REPORT_MONTH_SQL.as("month"),
        sql<number>`count(*)`.as("n"),
        sql<number>`sum(reports.urgent)`.as("urgent"),
      ])
      .groupBy(["reports.school_id", "month"])
      .execute(),
    // Minutes to the first answer, capped past a week: enough for the median and the 24 h / 7 d shares.
    reports
      .select([RESPONSE_MINUTES_SQL.as("minutes"), sql<number>`count(*)`.as("n")])
      .groupBy("minutes")
      .execute(),
    categoryFacts
      .select(["report_category_facts.category", sql<number>`count(*)`.as("n")])
      .groupBy("report_category_facts.category")
      .execute(),
    cases
      .select([
        sql<string>`case when cases.status = 'closed' then coalesce(cases.outcome, 'other') else 'open' end`.as("outcome"),
        sql<number>`count(*)`.as("n"),
      ])
      .groupBy("outcome")
      .execute(),
    // One row of sums rather than GROUP BY: no sort of every task. The unary + keeps SQLite to
    // one seek per case (a case has few tasks) instead of one per follow-up step.
    cases
      .innerJoin("case_tasks", "case_tasks.case_id", "cases.id")
      .where(sql<boolean>`+case_tasks.step_id in (${sql.join(FOLLOW_UP_STEPS)})`)
      .select([
        sql<number>`coalesce(sum(done_at is not null and date(done_at, ${KZ_OFFSET}) <= case_tasks.due_on), 0)`.as("onTime"),
        sql<number>`coalesce(sum(done_at is not null and date(done_at, ${KZ_OFFSET}) > case_tasks.due_on), 0)`.as("late"),
        sql<number>`coalesce(sum(done_at is null and case_tasks.due_on < ${today}), 0)`.as("overdue"),
        sql<number>`coalesce(sum(done_at is null and case_tasks.due_on >= ${today}), 0)`.as("pending"),
      ])
      .executeTakeFirstOrThrow(),
    cases
      .innerJoin("referrals", "referrals.case_id", "cases.id")
      .innerJoin("services", "services.id", "referrals.service_id")
      .select([
        "services.kind",
        sql<string>`case when referrals.status = 'sent' then (case when referrals.respond_by < ${today} then 'overdue' else 'waiting' end)
          when referrals.answered_at is null then 'waiting' when date(referrals.answered_at, ${KZ_OFFSET}) <= referrals.respond_by then 'inTime' else 'late' end`.as(
          "state",
        ),
        sql<number>`count(*)`.as("n"),
      ])
      .groupBy(["services.kind", "state"])
      .execute(),
    // Whenever sent: an old report nobody answered is the reason to look at a school.
    // One seek per school in the partial index reports_unanswered (named: SQLite's planner
    // otherwise walks the covering index through every year of the school's reports).
    scope
      .where(
        sql<boolean>`exists (select 1 from reports indexed by reports_unanswered where reports.school_id = schools.id
          and first_response_at is null and status <> 'closed' and reports.submitted_at < ${weekAgoIso})`,
      )
      .select("schools.id as school_id")
      .execute(),
  ]);

  const months = monthsBetween(f.from, f.to);
  const pupils = classRows.reduce((s, c) => s + c.pupils, 0);
  const pupilsBySchool = new Map(classRows.map((c) => [c.school_id, c.pupils]));

  const perMonth = new Map<string, number>();
  const perSchool = new Map<number, number>();
  let urgent = 0;
  let total = 0;
  for (const r of bySchoolMonth) {
    perMonth.set(r.month, (perMonth.get(r.month) ?? 0) + r.n);
    perSchool.set(r.school_id, (perSchool.get(r.school_id) ?? 0) + r.n);
    urgent += r.urgent;
    total += r.n;
  }
  const per1000 = (cell: Cell, of: number) => (cell.kind === "shown" && of > 0 ? (cell.value * 1000) / of : null);

  const monthCells = suppressSmallCounts(months.map((m) => perMonth.get(m) ?? 0));
  const monthly = months.map((month, i) => ({ month, reports: monthCells[i]!, per1000: per1000(monthCells[i]!, pupils) }));

  const urgentLine = suppressSmallCounts([urgent, total - urgent]);

  let within24h = 0;
  let within7d = 0;
  let later = 0;
  let notYet = 0;
  const answered: Array<{ minutes: number; n: number }> = [];
  for (const r of responses) {
    if (r.minutes === null) notYet += r.n;
    else {
      answered.push({ minutes: r.minutes, n: r.n });
      if (r.minutes <= 1440) within24h += r.n;
      else if (r.minutes <= 10080) within7d += r.n;
      else later += r.n;
    }
  }
  const responseLine = suppressSmallCounts([within24h, within7d, later, notYet]);
  const answeredCount = within24h + within7d + later;

  const categoryIds = reportOptions.categories.map((c) => c.id);
  const categoryCells = suppressSmallCounts(categoryIds.map((id) => categories.find((c) => c.category === id)?.n ?? 0));

  const outcomeIds = ["open", ...caseContent.outcomes.map((o) => o.id)];
  const outcomeCells = suppressSmallCounts(outcomeIds.map((id) => outcomes.find((o) => o.outcome === id)?.n ?? 0));

  const followUpIds = ["onTime", "late", "overdue", "pending"] as const;
  const followUpCells = suppressSmallCounts(followUpIds.map((id) => followUps[id]));

  const kindIds = serviceKinds.map((k) => k.id);
  const kindCells = suppressSmallCounts(kindIds.map((id) => referrals.filter((r) => r.kind === id).reduce((s, r) => s + r.n, 0)));
  const answerIds = ["inTime", "late", "overdue", "waiting"] as const;
  const answerCells = suppressSmallCounts(answerIds.map((id) => referrals.filter((r) => r.state === id).reduce((s, r) => s + r.n, 0)));

  // Lessons are counted for the school year under way: the plan is per year.
  const coverage = await cachedCoverage(
    actor,
    today,
    schools.map((s) => s.id),
  );
  // The grade band and language narrow coverage to their classes too.
  const classIds = band || f.language ? new Set((await classes.select("classes.id").execute()).map((c) => c.id)) : undefined;
  const coverageBySchool = new Map(
    coverage.map((c) => {
      const rows = classIds ? c.classes.filter((k) => classIds.has(k.id)) : c.classes;
      const sum = rows.reduce((s, k) => addCoverage(s, k.coverage), NO_COVERAGE);
      return [c.schoolId, { share: coverageShare(sum), classesBehind: rows.filter((k) => isBehind(k.coverage)).length }];
    }),
  );

  // Each district's schools are a line of their own: a district's total is one filter away.
  const schoolCells = new Map<number, Cell>();
  for (const districtId of new Set(schools.map((s) => s.district_id))) {
    const inDistrict = schools.filter((s) => s.district_id === districtId);
    const cells = suppressSmallCounts(inDistrict.map((s) => perSchool.get(s.id) ?? 0));
    inDistrict.forEach((s, i) => schoolCells.set(s.id, cells[i]!));
  }
  const late = new Set(unanswered.map((u) => u.school_id));
  const schoolRows: DashboardSchool[] = schools.map((s) => {
    const cov = coverageBySchool.get(s.id) ?? { share: 1, classesBehind: 0 };
    const reportsCell = schoolCells.get(s.id)!;
    const pupilsOf = pupilsBySchool.get(s.id) ?? 0;
    return {
      id: s.id,
      code: s.code,
      name: { kk: s.name_kk, ru: s.name_ru, en: s.name_en },
      district: { kk: s.d_kk, ru: s.d_ru, en: s.d_en },
      locality: s.locality,
      pupils: pupilsOf,
      reports: reportsCell,
      per1000: per1000(reportsCell, pupilsOf),
      unansweredOverWeek: late.has(s.id),
      coverageShare: cov.share,
      classesBehind: cov.classesBehind,
      attention: late.has(s.id) || cov.classesBehind > 0 || cov.share < BEHIND_SHARE,
    };
  });

  // Beside the report counts, what the students say: more reports can mean more trust.
  const survey = { ...(await surveyPrevalence(actor, () => scope, currentSchoolYear(today).id, band)), baseline: NATIONAL_VICTIM_BASELINE };

  return {
    survey,
    period: { from: f.from, to: f.to, months },
    schoolYear: currentSchoolYear(today).id,
    pupils,
    schoolCount: schools.length,
    reports: suppressOne(total),
    monthly,
    urgent: { urgent: urgentLine[0]!, other: urgentLine[1]!, share: shareOf(urgentLine[0]!, urgentLine) },
    response: {
      within24h: responseLine[0]!,
      within7d: responseLine[1]!,
      later: responseLine[2]!,
      notYet: responseLine[3]!,
      share24h: shareOf(responseLine[0]!, responseLine),
      share7d: responseLine.every((c) => c.kind === "shown") && total > 0 ? (within24h + within7d) / total : null,
      // The median of fewer than five answers would be one child's report's timing.
      medianMinutes: answeredCount >= 5 ? medianOf(answered) : null,
    },
    categories: categoryIds.map((id, i) => ({ id, reports: categoryCells[i]! })),
    outcomes: outcomeIds.map((id, i) => ({ id, cases: outcomeCells[i]! })),
    followUps: {
      cells: followUpIds.map((id, i) => ({ id, tasks: followUpCells[i]! })),
      shareOnTime: shareOf(followUpCells[0]!, followUpCells.slice(0, 3)),
    },
    referralsByService: kindIds.map((id, i) => ({ id, referrals: kindCells[i]! })),
    referralAnswers: {
      cells: answerIds.map((id, i) => ({ id, referrals: answerCells[i]! })),
      shareInTime: shareOf(answerCells[0]!, answerCells.slice(0, 3)),
    },
    schools: schoolRows,
  };
}

type ClassCoverage = Awaited<ReturnType<typeof coverageOfSchools>>[number];
const coverageCache = singleton("dashboard-coverage", () => new Map<string, { version: number; today: string; coverage: ClassCoverage }>());

/**
 * Schools' lesson coverage, computed again only for schools whose lessons, classes or plan
 * changed (the version their triggers raise) or when the day changed: a region's coverage
 * takes seconds to compute from the plan, one school's a few milliseconds.
 */
async function cachedCoverage(actor: Actor, today: string, schoolIds: number[]): Promise<ClassCoverage[]> {
  if (schoolIds.length === 0) return [];
  const versions = new Map(
    (
      await actor.db
        .selectFrom("lesson_coverage_versions")
        .select(["school_id", "version"])
        .where("school_id", "in", dashboardSchoolsVisibleTo(actor).select("schools.id"))
        .execute()
    ).map((v) => [v.school_id, v.version]),
  );
  const key = (id: number) => `${actor.region}|${id}`;
  const stale = schoolIds.filter((id) => {
    const hit = coverageCache.get(key(id));
    return !hit || hit.today !== today || hit.version !== (versions.get(id) ?? 0);
  });
  if (stale.length > 0) {
    for (const c of await coverageOfSchools(actor, today, stale))
      coverageCache.set(key(c.schoolId), { version: versions.get(c.schoolId) ?? 0, today, coverage: c });
  }
  return schoolIds.flatMap((id) => {
    const hit = coverageCache.get(key(id));
    return hit ? [hit.coverage] : [];
  });
}

/** The median of a histogram of minutes (lower median for an even count). */
function medianOf(histogram: Array<{ minutes: number; n: number }>): number {
  const sorted = [...histogram].sort((a, b) => a.minutes - b.minutes);
  const count = sorted.reduce((s, h) => s + h.n, 0);
  let seen = 0;
  for (const h of sorted) {
    seen += h.n;
    if (seen * 2 >= count) return h.minutes;
  }
  return sorted[sorted.length - 1]?.minutes ?? 0;
}

/** Schools ordered for the table. Hidden counts sort together, by name, so order reveals nothing of them. */
export function orderSchools(rows: DashboardSchool[], order: SchoolsOrder, nameOf: (r: DashboardSchool) => string): DashboardSchool[] {
  const key = (r: DashboardSchool): number => {
    switch (order.sort) {
      case "pupils":
        return r.pupils;
      case "reports":
        return r.reports.kind === "shown" ? r.reports.value : -1;
      case "per1000":
        return r.per1000 ?? -1;
      case "coverage":
        return r.coverageShare;
      case "behind":
        return r.classesBehind;
      case "attention":
        return (r.attention ? 1 : 0) * 2 + (r.unansweredOverWeek ? 1 : 0);
      case "name":
        return 0;
    }
  };
  const sign = order.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * (key(a) - key(b)) || nameOf(a).localeCompare(nameOf(b)) || a.id - b.id);
}

/** The districts and schools an official may filter by: those of their view, nothing else. */
export async function dashboardChoices(actor: Actor) {
  const schools = await withDistrictNames(dashboardSchoolsVisibleTo(actor))
    .select("schools.district_id")
    .orderBy("schools.district_id")
    .orderBy("schools.code")
    .execute();
  const districts = new Map<number, Localized>();
  for (const s of schools) districts.set(s.district_id, { kk: s.d_kk, ru: s.d_ru, en: s.d_en });
  return {
    districts: [...districts].map(([id, name]) => ({ id, name })),
    schools: schools.map((s) => ({
      id: s.id,
      code: s.code,
      districtId: s.district_id,
      name: { kk: s.name_kk, ru: s.name_ru, en: s.name_en },
    })),
  };
}
