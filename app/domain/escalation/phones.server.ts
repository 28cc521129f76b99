import type { Database } from "../../../db/schema";
import type { Kysely } from "kysely";
import { logAccess } from "../audit/access-log.server";
import { may, urgentReportsAcknowledgeableBy, type Actor } from "../policy/policy.server";
import { normalizePhone } from "./phone";

export type CallWho = "psychologist" | "deputy" | "director" | "duty" | "district_on_duty";
export type Callee = { name: string; who: CallWho; phone: string };
export type CallList = { schoolPhone: string; people: Callee[] };

/**
 * Whom to call about one urgent report, with their phones ('' while unknown): the school, its
 * psychologists, deputy and director, the duty psychologists the ladder called, and the
 * district's official on duty now. No child's words.
 */
export async function callListOf(db: Kysely<Database>, reportId: number, nowIso: string): Promise<CallList | undefined> {
  const school = await db
    .selectFrom("reports")
    .innerJoin("schools", "schools.id", "reports.school_id")
    .select(["schools.id", "schools.district_id", "schools.phone"])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
  if (!school) return undefined;
  const people = await db
    .selectFrom("users")
    .leftJoin("school_designations", (j) =>
      j.onRef("school_designations.user_id", "=", "users.id").on("school_designations.school_id", "=", school.id),
    )
    .select(["users.display_name as name", "users.phone", "users.role", "school_designations.designation"])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("users.school_id", "=", school.id),
          eb("users.role", "=", "psychologist"),
          eb("users.reading_confirmed_at", "is not", null),
        ]),
        eb("school_designations.designation", "is not", null),
      ]),
    )
    .execute();
  const duty = await db
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .select(["users.display_name as name", "users.phone"])
    .where("notifications.report_id", "=", reportId)
    .where("notifications.rung", "=", "duty")
    .execute();
  const district = await db
    .selectFrom("duty_shifts")
    .innerJoin("users", "users.id", "duty_shifts.user_id")
    .select(["users.display_name as name", "users.phone"])
    .where("duty_shifts.district_id", "=", school.district_id)
    .where("duty_shifts.starts_at", "<=", nowIso)
    .where("duty_shifts.ends_at", ">", nowIso)
    .execute();
  const order: CallWho[] = ["psychologist", "duty", "deputy", "director", "district_on_duty"];
  const list: Callee[] = [
    ...people.map((p) => ({ name: p.name, phone: p.phone, who: (p.designation ?? "psychologist") as CallWho })),
    ...duty.map((p) => ({ ...p, who: "duty" as const })),
    ...district.map((p) => ({ ...p, who: "district_on_duty" as const })),
  ];
  return { schoolPhone: school.phone, people: list.sort((a, b) => order.indexOf(a.who) - order.indexOf(b.who)) };
}

/** The call list for a person the ladder called or who may acknowledge the report; undefined for anyone else. */
export async function callListFor(actor: Actor, reportId: number, nowIso: string): Promise<CallList | undefined> {
  const allowed = await urgentReportsAcknowledgeableBy(actor).select("reports.id").where("reports.id", "=", reportId).executeTakeFirst();
  return allowed ? callListOf(actor.db, reportId, nowIso) : undefined;
}

/** A person's own phone for urgent calls; false when it is not a phone number ('' clears it). */
export async function setOwnPhone(actor: Actor, input: string): Promise<boolean> {
  const phone = normalizePhone(input);
  if (phone === undefined) return false;
  await actor.db.updateTable("users").set({ phone }).where("id", "=", actor.user.id).execute();
  await logAccess(actor, "update", "account", actor.user.id);
  return true;
}

/** The school's phone ('' while unknown), for its admin to see and change; undefined for anyone else. */
export async function schoolPhoneOf(actor: Actor): Promise<string | undefined> {
  if (!may(actor, "manage:school:school")) return undefined;
  const school = await actor.db.selectFrom("schools").select("phone").where("id", "=", actor.user.school_id!).executeTakeFirstOrThrow();
  return school.phone;
}

/** The school's phone, set by its admin; "forbidden" for anyone else, "invalid" for what is not a phone number. */
export async function setSchoolPhone(actor: Actor, input: string): Promise<"saved" | "invalid" | "forbidden"> {
  if (!may(actor, "manage:school:school")) return "forbidden";
  const phone = normalizePhone(input);
  if (phone === undefined) return "invalid";
  await actor.db.updateTable("schools").set({ phone }).where("id", "=", actor.user.school_id!).execute();
  return "saved";
}
