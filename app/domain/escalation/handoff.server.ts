import { z } from "zod";
import { minuteNow } from "../reports/reports.server";
import { schoolNow } from "~/domain/calendar/local-date";
import { findRegion } from "~/content/content";
import { formatDateTime, localize, translate } from "~/i18n/i18n";
import type { Language } from "../../../db/schema";
import { may, type Actor } from "../policy/policy.server";
import { lifeSafetyLabels } from "./escalation.server";
import { formatPhone } from "./phone";
import { callListOf } from "./phones.server";

/** An urgent report at the top of the ladder, in the region admin's region. */
async function topRungReport(actor: Actor, reportId: number) {
  if (!may(actor, "handoff:urgent:region")) return undefined;
  return actor.db
    .selectFrom("escalations")
    .innerJoin("reports", "reports.id", "escalations.report_id")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select([
      "reports.id",
      "reports.submitted_at",
      "schools.id as school_id",
      "schools.code",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "districts.name_kk as district_kk",
      "districts.name_ru as district_ru",
      "districts.name_en as district_en",
      "escalations.acknowledged_at",
      "escalations.top_reached_at",
      "escalations.handoff_at",
    ])
    .where("escalations.report_id", "=", reportId)
    .where("escalations.top_reached_at", "is not", null)
    .executeTakeFirst();
}

/**
 * The hand-off to the 111 contact centre, to read out on the phone or to send: where, what kind
 * of danger, since when, who was called and whom 111 can reach at the school. Not the child's
 * words — officials never see them; the school psychologist holds them.
 */
export async function handoffSummary(actor: Actor, reportId: number, lang: Language): Promise<string | undefined> {
  const report = await topRungReport(actor, reportId);
  if (!report) return undefined;
  const categories = (await actor.db.selectFrom("report_categories").select("category").where("report_id", "=", reportId).execute()).map(
    (c) => c.category,
  );
  const notified = await actor.db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["notifications.created_at", "users.display_name"])
    .where("notifications.report_id", "=", reportId)
    .orderBy("notifications.id")
    .execute();
  const calls = (await callListOf(actor.db, reportId, schoolNow().toISOString()))!;
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(lang, key, vars);
  const region = findRegion(actor.region);
  const lines = [
    t("escalation.handoff.line.report", { id: String(report.id), at: formatDateTime(lang, report.submitted_at) }),
    t("escalation.handoff.line.school", {
      school: localize({ kk: report.name_kk, ru: report.name_ru, en: report.name_en }, lang),
      code: report.code,
      district: localize({ kk: report.district_kk, ru: report.district_ru, en: report.district_en }, lang),
      region: region ? localize(region.name, lang) : actor.region,
    }),
    t("escalation.handoff.line.kind", { categories: lifeSafetyLabels(categories, lang) }),
    t("escalation.handoff.line.notAcknowledged", { at: formatDateTime(lang, report.top_reached_at!) }),
    t("escalation.handoff.line.notified", {
      people: notified.map((n) => `${n.display_name} (${formatDateTime(lang, n.created_at)})`).join(", "),
    }),
    t("ladder.handoff.schoolPhone", { phone: calls.schoolPhone ? formatPhone(calls.schoolPhone) : t("ladder.call.noPhone") }),
    // Phones, not e-mail addresses: 111 calls people back.
    t("escalation.handoff.line.contacts", {
      people:
        calls.people
          .map((c) => `${c.name}, ${t(`ladder.who.${c.who}`)}, ${c.phone ? formatPhone(c.phone) : t("ladder.call.noPhone")}`)
          .join("; ") || "—",
    }),
    t("escalation.handoff.line.words"),
  ];
  return lines.join("\n");
}

export const HANDOFF_CHANNELS = ["phone", "sent"] as const;
export type HandoffChannel = (typeof HANDOFF_CHANNELS)[number];
/** "Handed to 111": how (by phone, or sent in writing) and the reference 111 gave, if any. */
export const handoffSchema = z.object({
  channel: z.enum(HANDOFF_CHANNELS, { error: "escalation.handoff.error" }),
  reference: z.string().trim().max(100, { error: "escalation.handoff.error" }),
});

/** Records that the report was handed to 111, once; the first record stays. Undefined: not this actor's. */
export async function recordHandoff(
  actor: Actor,
  reportId: number,
  channel: HandoffChannel,
  reference: string,
): Promise<"recorded" | "already" | undefined> {
  const report = await topRungReport(actor, reportId);
  if (!report) return undefined;
  // To the minute, as every row about an urgent report (escalation.server.ts).
  const nowIso = minuteNow();
  return actor.db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable("escalations")
      .set({ handoff_at: nowIso, handoff_by: actor.user.id, handoff_channel: channel, handoff_reference: reference })
      .where("report_id", "=", reportId)
      .where("handoff_at", "is", null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return "already";
    await tx
      .insertInto("escalation_events")
      .values({ report_id: reportId, kind: "handoff", rung: null, user_id: actor.user.id, at: nowIso })
      .execute();
    return "recorded";
  });
}
