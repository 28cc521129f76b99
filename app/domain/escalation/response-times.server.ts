import { startOfLocalDay } from "~/domain/calendar/local-date";
import { currentSchoolYear } from "~/domain/lessons/lessons.server";
import { may, urgentStatsSchoolsOf, type Actor } from "../policy/policy.server";

export type ResponseTimes = { urgent: number; acknowledged: number; waiting: number; medianMs: number | null; slowestMs: number | null };

function summarise(durations: number[], urgent: number): ResponseTimes {
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    urgent,
    acknowledged: sorted.length,
    waiting: urgent - sorted.length,
    medianMs,
    slowestMs: sorted.length ? sorted[sorted.length - 1]! : null,
  };
}

/**
 * How long this school year's urgent reports waited for a person, per school and per district,
 * and every report that reached the top rung. Only times, counts and report numbers: officials
 * never see what a child wrote. Undefined for an actor without the right.
 */
export async function urgentResponseTimes(actor: Actor, today: string) {
  if (!may(actor, "read:urgent:district") && !may(actor, "read:urgent:region")) return undefined;
  const year = currentSchoolYear(today);
  const since = startOfLocalDay(year.start);
  const rows = await actor.db
    .selectFrom("escalations")
    .innerJoin("reports", "reports.id", "escalations.report_id")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select([
      "reports.id as report_id",
      "reports.submitted_at",
      "escalations.acknowledged_at",
      "escalations.top_reached_at",
      "escalations.handoff_at",
      "schools.id as school_id",
      "schools.code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "districts.id as district_id",
      "districts.name_kk as district_kk",
      "districts.name_ru as district_ru",
      "districts.name_en as district_en",
    ])
    .where("reports.school_id", "in", urgentStatsSchoolsOf(actor).select("schools.id"))
    .where("reports.submitted_at", ">=", since)
    // Urgent reports stored before the ladder shipped never climbed it (no log): not measured.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("escalation_events")
          .select("escalation_events.id")
          .whereRef("escalation_events.report_id", "=", "escalations.report_id"),
      ),
    )
    .orderBy("districts.id")
    .orderBy("schools.id")
    .execute();

  const waitMs = (r: (typeof rows)[number]) =>
    r.acknowledged_at ? Math.max(0, Date.parse(r.acknowledged_at) - Date.parse(r.submitted_at)) : undefined;
  const districts = new Map<number, { id: number; name: { kk: string; ru: string; en: string }; rows: typeof rows }>();
  for (const r of rows) {
    const d = districts.get(r.district_id) ?? {
      id: r.district_id,
      name: { kk: r.district_kk, ru: r.district_ru, en: r.district_en },
      rows: [],
    };
    d.rows.push(r);
    districts.set(r.district_id, d);
  }
  const times = (list: typeof rows) =>
    summarise(
      list.map(waitMs).filter((ms): ms is number => ms !== undefined),
      list.length,
    );
  return {
    year: year.id,
    districts: [...districts.values()].map((d) => {
      const schools = new Map<number, typeof rows>();
      for (const r of d.rows) schools.set(r.school_id, [...(schools.get(r.school_id) ?? []), r]);
      return {
        id: d.id,
        name: d.name,
        totals: times(d.rows),
        schools: [...schools.values()].map((list) => ({
          id: list[0]!.school_id,
          code: list[0]!.code,
          name: { kk: list[0]!.name_kk, ru: list[0]!.name_ru, en: list[0]!.name_en },
          times: times(list),
        })),
      };
    }),
    topRung: rows
      .filter((r) => r.top_reached_at !== null)
      .sort((a, b) => b.top_reached_at!.localeCompare(a.top_reached_at!))
      .map((r) => ({
        reportId: r.report_id,
        schoolCode: r.code,
        school: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
        submittedAt: r.submitted_at,
        topReachedAt: r.top_reached_at!,
        acknowledgedAt: r.acknowledged_at,
        handoffAt: r.handoff_at,
      })),
  };
}
