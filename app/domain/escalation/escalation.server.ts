import { siteUrl } from "~/domain/site-url";
import { sql, type Transaction } from "kysely";
import { ladderFor, READER_STEPS, type Ladder, type ReaderStep, type RecipientKind, type Rung } from "~/content/escalation";
import { reportOptions } from "~/content/content";
import { minuteIso, schoolNow } from "~/domain/calendar/local-date";
import { formatDateTime, localize, translate } from "~/i18n/i18n";
import type { RegionDb } from "../../../db/regions.server";
import type { Channel, Database, Language, StaffRole } from "../../../db/schema";
import { queueDeliveries } from "../notifications/deliveries.server";
import { urgentReportsAcknowledgeableBy, type Actor } from "../policy/policy.server";
import { activeBurst, burstMail, burstSize, groupBursts, mayNotifyOfBurst } from "./bursts.server";
import { dutyPsychologistsAt } from "./duty-roster";
import { isSchoolHours, nextSchoolDayStart } from "./school-hours";

/** A step's name for a reader: a rung of the region's ladder, or one of the reader steps. */
export function stepLabel(region: string, step: string, lang: Language): string {
  if ((READER_STEPS as readonly string[]).includes(step)) return translate(lang, `ladder.step.${step as ReaderStep}`);
  const rung = ladderFor(region).rungs.find((r) => r.id === step);
  return rung ? localize(rung.label, lang) : step;
}

export type RegionHandle = { db: RegionDb; region: string };
type Recipient = { id: number; email: string; language: Language; role: StaffRole };

const minutes = (n: number) => n * 60_000;

/** The life-safety categories of a report, in a language: the "class" of report that may leave the app. */
export function lifeSafetyLabels(categoryIds: string[], lang: Language): string {
  return reportOptions.categories
    .filter((c) => c.lifeSafety && categoryIds.includes(c.id))
    .map((c) => localize(c.label, lang))
    .join("; ");
}

async function recipientsOf(
  tx: Transaction<Database>,
  kind: RecipientKind,
  school: { id: number; district_id: number },
  nowIso: string,
): Promise<Recipient[]> {
  const users = tx.selectFrom("users").select(["users.id", "users.email", "users.language", "users.role"]);
  switch (kind) {
    case "psychologist":
      // Only a psychologist whose right to read is confirmed counts: a rung of unconfirmed ones is
      // a rung of nobody, and the ladder goes straight on to the next (see README, four eyes).
      return users
        .where("users.role", "=", "psychologist")
        .where("users.school_id", "=", school.id)
        .where("users.reading_confirmed_at", "is not", null)
        .execute();
    case "deputy":
    case "director":
      return users
        .innerJoin("school_designations", "school_designations.user_id", "users.id")
        .where("school_designations.school_id", "=", school.id)
        .where("school_designations.designation", "=", kind)
        .execute();
    case "district_on_duty": {
      const onDuty = await users
        .innerJoin("duty_shifts", "duty_shifts.user_id", "users.id")
        .where("duty_shifts.district_id", "=", school.district_id)
        .where("duty_shifts.starts_at", "<=", nowIso)
        .where("duty_shifts.ends_at", ">", nowIso)
        .execute();
      // A gap in the roster must not leave a child's report with nobody: then every official of the district.
      if (onDuty.length > 0) return onDuty;
      return users.where("users.role", "=", "district_official").where("users.district_id", "=", school.district_id).execute();
    }
    case "region_admin":
      return users.where("users.role", "=", "region_admin").execute();
  }
}

/** The words of an urgent-report mail, Telegram message and (short) SMS: no child's words, only the school, the kind of report and where to sign in. */
export function urgentMail(lang: Language, report: { id: number; submitted_at: string; categories: string[] }, schoolName: string) {
  const link = siteUrl("/staff/notifications").toString();
  const categories = lifeSafetyLabels(report.categories, lang);
  return {
    subject: translate(lang, "escalation.mail.subject", { school: schoolName }),
    sms: translate(lang, "channels.sms.urgent", { id: String(report.id), school: schoolName, categories, link }),
    body: translate(lang, "escalation.mail.body", {
      id: String(report.id),
      school: schoolName,
      categories,
      at: formatDateTime(lang, report.submitted_at),
      link,
    }),
  };
}

type NotifiedReport = { id: number; submitted_at: string; name_kk: string; name_ru: string; name_en: string; categories: string[] };

async function reportToNotify(tx: Transaction<Database>, reportId: number) {
  const report = await tx
    .selectFrom("reports")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .select([
      "reports.id",
      "reports.submitted_at",
      "schools.id as school_id",
      "schools.district_id",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
    ])
    .where("reports.id", "=", reportId)
    .executeTakeFirstOrThrow();
  const categories = (await tx.selectFrom("report_categories").select("category").where("report_id", "=", reportId).execute()).map(
    (c) => c.category,
  );
  return { ...report, categories };
}

/**
 * Notifies people of a report at a step (a rung, or a reader step), each once (the unique key),
 * with a delivery on every channel they chose. During a burst, grouped: each person gets the
 * burst's one alert for the step, and at most BURST_NOTIFICATIONS_PER_PERSON in all.
 */
async function notifyPeople(
  tx: Transaction<Database>,
  people: Iterable<Recipient>,
  report: NotifiedReport,
  step: string,
  now: Date,
  channels: readonly Channel[],
): Promise<void> {
  const nowIso = minuteIso(now);
  const schoolName = (lang: Language) => localize({ kk: report.name_kk, ru: report.name_ru, en: report.name_en }, lang);
  const burstId =
    (await tx.selectFrom("escalations").select("burst_id").where("report_id", "=", report.id).executeTakeFirst())?.burst_id ?? null;
  const size = burstId === null ? undefined : await burstSize(tx, burstId);
  for (const person of people) {
    // The next school day's call is a new day's one alert, outside the burst's cap: a night's flood must not hide a genuine report from the morning.
    if (burstId !== null && !(await mayNotifyOfBurst(tx, burstId, person.id, step, { capped: step !== "morning" }))) continue;
    const inserted = await tx
      .insertInto("notifications")
      .values({ user_id: person.id, report_id: report.id, rung: step, created_at: nowIso, burst_id: burstId })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) continue;
    const message = size
      ? burstMail(person.language, size, schoolName(person.language), person.role === "psychologist" || person.role === "service")
      : urgentMail(person.language, report, schoolName(person.language));
    await queueDeliveries(tx, { notificationId: inserted.id, user: person, message, channels, now });
  }
}

const schoolPsychologists = (tx: Transaction<Database>, schoolId: number) =>
  tx
    .selectFrom("users")
    .select(["users.id", "users.email", "users.language", "users.role"])
    .where("users.role", "=", "psychologist")
    .where("users.school_id", "=", schoolId)
    .where("users.reading_confirmed_at", "is not", null)
    .execute();

/** The region's duty psychologists on shift now: roster e-mails of psychologist or service accounts only, so a typo never hands words to an official. */
async function dutyPsychologists(tx: Transaction<Database>, ladder: Ladder, now: Date): Promise<Recipient[]> {
  const emails = dutyPsychologistsAt(ladder, now);
  if (emails.length === 0) return [];
  return tx
    .selectFrom("users")
    .select(["users.id", "users.email", "users.language", "users.role"])
    .where(sql<string>`lower(users.email)`, "in", emails)
    .where("users.role", "in", ["psychologist", "service"])
    .where((eb) => eb.or([eb("users.role", "=", "service"), eb("users.reading_confirmed_at", "is not", null)]))
    .execute();
}

/**
 * Out of hours, the people who may read the words are called at once: the duty psychologist
 * and the school's psychologists. A gap in the roster is logged ("nobody" at the duty step)
 * and the school's deputy and director are called at once too, beside the district's rung.
 */
async function callReaders(
  tx: Transaction<Database>,
  ladder: Ladder,
  reportId: number,
  now: Date,
  channels: readonly Channel[],
): Promise<void> {
  const nowIso = minuteIso(now);
  const report = await reportToNotify(tx, reportId);
  const duty = await dutyPsychologists(tx, ladder, now);
  const readers = new Map<number, Recipient>();
  for (const r of await schoolPsychologists(tx, report.school_id)) readers.set(r.id, r);
  if (duty.length === 0) {
    await tx
      .insertInto("escalation_events")
      .values({ report_id: reportId, kind: "nobody", rung: "duty", user_id: null, at: nowIso })
      .execute();
    for (const kind of ["deputy", "director"] as const) {
      for (const r of await recipientsOf(tx, kind, { id: report.school_id, district_id: report.district_id }, nowIso)) readers.set(r.id, r);
    }
  }
  await notifyPeople(tx, duty, report, "duty", now, channels);
  await notifyPeople(
    tx,
    [...readers.values()].filter((person) => !duty.some((d) => d.id === person.id)),
    report,
    "reader",
    now,
    channels,
  );
}

/** The school's psychologists again at the start of the next school day, while nobody has acknowledged the report. */
async function callMorning({ db }: RegionHandle, now: Date, channels: readonly Channel[]): Promise<void> {
  const nowIso = minuteIso(now);
  const due = await db
    .selectFrom("escalations")
    .select("report_id")
    .where("morning_at", "<=", nowIso)
    .where("acknowledged_at", "is", null)
    .execute();
  for (const { report_id } of due) {
    await db.transaction().execute(async (tx) => {
      const taken = await tx
        .updateTable("escalations")
        .set({ morning_at: null })
        .where("report_id", "=", report_id)
        .where("morning_at", "is not", null)
        .where("acknowledged_at", "is", null)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0) return;
      const report = await reportToNotify(tx, report_id);
      const people = await schoolPsychologists(tx, report.school_id);
      if (people.length === 0)
        await tx
          .insertInto("escalation_events")
          .values({ report_id, kind: "nobody", rung: "morning", user_id: null, at: nowIso })
          .execute();
      await notifyPeople(tx, people, report, "morning", now, channels);
    });
  }
}

/**
 * Starts the ladder of every urgent report it has not seen yet; in school hours at the first
 * rung, otherwise at the district's, with the readers called at once and the school again at the next school day's start.
 */
async function startNewLadders({ db, region }: RegionHandle, now: Date, channels: readonly Channel[]): Promise<number> {
  const fresh = await db
    .selectFrom("reports")
    .leftJoin("escalations", "escalations.report_id", "reports.id")
    .select(["reports.id", "reports.school_id"])
    // A literal, not a parameter, so SQLite uses the partial index reports_urgent.
    .where(sql<boolean>`reports.urgent = 1`)
    .where("escalations.report_id", "is", null)
    .execute();
  const ladder = ladderFor(region);
  const inHours = isSchoolHours(ladder, now);
  const nowIso = minuteIso(now);
  for (const report of fresh) {
    await db.transaction().execute(async (tx) => {
      const started = await tx
        .insertInto("escalations")
        .values({
          report_id: report.id,
          school_id: report.school_id,
          started_at: nowIso,
          out_of_hours: inHours ? 0 : 1,
          next_rung: inHours ? ladder.rungs[0]!.id : ladder.outOfHoursStartsAt,
          // The rung a ladder starts at fires at once.
          next_at: nowIso,
          morning_at: inHours ? null : (nextSchoolDayStart(ladder, now)?.toISOString() ?? null),
          burst_id: (await activeBurst(tx, region, report.school_id, now))?.id ?? null,
        })
        .onConflict((oc) => oc.column("report_id").doNothing())
        .executeTakeFirst();
      if (Number(started.numInsertedOrUpdatedRows ?? 0) > 0) {
        await tx
          .insertInto("escalation_events")
          .values({ report_id: report.id, kind: "started", rung: null, user_id: null, at: nowIso })
          .execute();
        if (!inHours) await callReaders(tx, ladder, report.id, now, channels);
      }
    });
  }
  return fresh.length;
}

/**
 * Fires one due rung of one report in one transaction: moves the ladder on first (the write
 * that takes the lock, and the guard against a rung firing twice), then notifies. The unique
 * key on notifications keeps a replayed rung from reaching anyone twice.
 * Returns true when the rung had nobody to notify, so the next one is due at once.
 */
async function fireRung(
  { db, region }: RegionHandle,
  reportId: number,
  rungId: string,
  now: Date,
  channels: readonly Channel[],
): Promise<boolean> {
  const rungs = ladderFor(region).rungs;
  const index = Math.max(
    0,
    rungs.findIndex((r) => r.id === rungId),
  );
  // A rung the region's ladder no longer has (its content changed mid-climb) fires as the top one.
  const rung: Rung = rungs.find((r) => r.id === rungId) ?? rungs[rungs.length - 1]!;
  const following = rung === rungs[index] ? rungs[index + 1] : undefined;
  const nowIso = minuteIso(now);
  return db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable("escalations")
      .set(
        following
          ? { next_rung: following.id, next_at: new Date(Date.parse(nowIso) + minutes(following.afterMinutes)).toISOString() }
          : { next_rung: null, next_at: null, top_reached_at: nowIso },
      )
      .where("report_id", "=", reportId)
      .where("next_rung", "=", rungId)
      .where("acknowledged_at", "is", null)
      // Set aside as not genuine meanwhile: the ladder waits until the report is restored.
      .where("report_id", "not in", (eb) =>
        eb.selectFrom("reports").select("reports.id").where("reports.id", "=", reportId).where("reports.not_genuine_at", "is not", null),
      )
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return false; // acknowledged meanwhile, or fired already

    const report = await reportToNotify(tx, reportId);
    const recipients = new Map<number, Recipient>();
    for (const kind of rung.notify) {
      for (const r of await recipientsOf(tx, kind, { id: report.school_id, district_id: report.district_id }, nowIso))
        recipients.set(r.id, r);
    }
    if (recipients.size === 0) {
      await tx
        .insertInto("escalation_events")
        .values({ report_id: reportId, kind: "nobody", rung: rung.id, user_id: null, at: nowIso })
        .execute();
      if (following) await tx.updateTable("escalations").set({ next_at: nowIso }).where("report_id", "=", reportId).execute();
      return following !== undefined;
    }
    await tx
      .insertInto("escalation_events")
      .values({ report_id: reportId, kind: "rung", rung: rung.id, user_id: null, at: nowIso })
      .execute();
    await notifyPeople(tx, recipients.values(), report, rung.id, now, channels);
    return false;
  });
}

/**
 * One step of the ladder at `now`, for one region: starts the ladder of new urgent reports and
 * fires every rung that is due. The server's timer calls it; tests call it with the times
 * they choose. Everything it knows is in the database, so a restart resumes where it stood.
 * `channels`: the channels this server sends on (deliveries.server.ts), each new notification
 * also goes to the outbox on those its person chose; `queueMail` is short for e-mail alone.
 */
export async function runEscalation(
  handle: RegionHandle,
  now: Date,
  { queueMail = false, channels = queueMail ? ["email"] : [] }: { queueMail?: boolean; channels?: readonly Channel[] } = {},
): Promise<{ started: number; fired: number }> {
  // Bursts first, so a new report's ladder (and its out-of-hours readers) starts inside its burst.
  await groupBursts(handle.db, handle.region, now);
  const started = await startNewLadders(handle, now, channels);
  await callMorning(handle, now, channels);
  let fired = 0;
  // A rung with nobody to notify hands on to the next at once, so loop until nothing is due.
  for (let round = 0; round <= ladderFor(handle.region).rungs.length; round++) {
    const due = await handle.db
      .selectFrom("escalations")
      .innerJoin("reports", "reports.id", "escalations.report_id")
      .select(["escalations.report_id", "escalations.next_rung"])
      .where("escalations.next_at", "<=", now.toISOString())
      .where("escalations.next_rung", "is not", null)
      .where("escalations.acknowledged_at", "is", null)
      .where("reports.not_genuine_at", "is", null)
      .orderBy("escalations.next_at")
      .execute();
    if (due.length === 0) break;
    let again = false;
    for (const e of due) {
      fired++;
      if (await fireRung(handle, e.report_id, e.next_rung!, now, channels)) again = true;
    }
    if (!again) break;
  }
  return { started, fired };
}

export type AcknowledgeOutcome = "acknowledged" | "already";

/**
 * "I have seen it and I am acting": stops the climb and names the person. Idempotent: the
 * first acknowledgement stays the one recorded. Undefined when the report is not the actor's to
 * acknowledge (another school's, not urgent, or missing alike).
 */
export async function acknowledgeUrgentReport(
  actor: Actor,
  reportId: number,
  now: Date = schoolNow(),
): Promise<AcknowledgeOutcome | undefined> {
  const report = await urgentReportsAcknowledgeableBy(actor)
    .select(["reports.id", "reports.school_id"])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
  if (!report) return undefined;
  const nowIso = minuteIso(now);
  const inHours = isSchoolHours(ladderFor(actor.region), now);
  return actor.db.transaction().execute(async (tx) => {
    const changed = await tx
      .insertInto("escalations")
      .values({
        report_id: reportId,
        school_id: report.school_id,
        started_at: nowIso,
        out_of_hours: inHours ? 0 : 1,
        next_rung: null,
        next_at: null,
        acknowledged_at: nowIso,
        acknowledged_by: actor.user.id,
      })
      .onConflict((oc) =>
        oc
          .column("report_id")
          .doUpdateSet({ acknowledged_at: nowIso, acknowledged_by: actor.user.id, next_rung: null, next_at: null })
          .where("escalations.acknowledged_at", "is", null),
      )
      .executeTakeFirst();
    if (Number(changed.numInsertedOrUpdatedRows ?? 0) === 0) return "already";
    await tx
      .insertInto("escalation_events")
      .values({ report_id: reportId, kind: "acknowledged", rung: null, user_id: actor.user.id, at: nowIso })
      .execute();
    return "acknowledged";
  });
}

/** Who acknowledged an urgent report and when, and the ladder's log, for those who may acknowledge it. */
export async function escalationOf(actor: Actor, reportId: number) {
  const visible = await urgentReportsAcknowledgeableBy(actor).select("reports.id").where("reports.id", "=", reportId).executeTakeFirst();
  if (!visible) return undefined;
  const state = await actor.db
    .selectFrom("escalations")
    .leftJoin("users", "users.id", "escalations.acknowledged_by")
    .select([
      "escalations.acknowledged_at",
      "users.display_name as acknowledged_by",
      "escalations.next_rung",
      "escalations.next_at",
      "escalations.top_reached_at",
      "escalations.out_of_hours",
    ])
    .where("escalations.report_id", "=", reportId)
    .executeTakeFirst();
  const events = await actor.db
    .selectFrom("escalation_events")
    .leftJoin("users", "users.id", "escalation_events.user_id")
    .select(["escalation_events.kind", "escalation_events.rung", "escalation_events.at", "users.display_name"])
    .where("escalation_events.report_id", "=", reportId)
    .orderBy("escalation_events.id")
    .execute();
  const notified = await actor.db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["notifications.rung", "notifications.created_at", "users.display_name"])
    .where("notifications.report_id", "=", reportId)
    .orderBy("notifications.id")
    .execute();
  return {
    acknowledgedAt: state?.acknowledged_at ?? null,
    acknowledgedBy: state?.acknowledged_by ?? null,
    nextRung: state?.next_rung ?? null,
    nextAt: state?.next_at ?? null,
    topReachedAt: state?.top_reached_at ?? null,
    events,
    notified,
  };
}

/** The acknowledgement as a staff page shows it, times worded in the reader's language. */
export async function acknowledgementView(actor: Actor, reportId: number, lang: Language) {
  const state = await escalationOf(actor, reportId);
  if (!state) return undefined;
  const stepName = (id: string | null) => stepLabel(actor.region, id ?? "", lang);
  return {
    reportId,
    acknowledged: state.acknowledgedAt ? { by: state.acknowledgedBy ?? "", at: formatDateTime(lang, state.acknowledgedAt) } : null,
    next: state.nextRung && state.nextAt ? { step: stepName(state.nextRung), at: formatDateTime(lang, state.nextAt) } : null,
    topReachedAt: state.topReachedAt ? formatDateTime(lang, state.topReachedAt) : null,
    // Who was called at which step, and the steps that had nobody to call, in time order.
    log: [
      ...state.notified.map((n) => ({
        iso: n.created_at,
        at: formatDateTime(lang, n.created_at),
        step: stepName(n.rung),
        name: n.display_name as string | null,
      })),
      ...state.events
        .filter((e) => e.kind === "nobody")
        .map((e) => ({ iso: e.at, at: formatDateTime(lang, e.at), step: stepName(e.rung), name: null })),
    ]
      .sort((a, b) => a.iso.localeCompare(b.iso))
      .map(({ iso: _iso, ...entry }) => entry),
  };
}
export type AcknowledgementView = NonNullable<Awaited<ReturnType<typeof acknowledgementView>>>;
