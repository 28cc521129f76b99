import type { Designation } from "../../../db/schema";
import { z } from "zod";
import { fromLocalMinute } from "~/domain/calendar/local-date";
import { recordId } from "~/domain/input/record-id";
import { may, type Actor } from "../policy/policy.server";

// "" is nobody; anything else must be a user id of this school (checked by setSchoolDesignations).
const holder = z.union([z.literal("").transform(() => null), recordId]);
/** The school admin's form naming the ladder's deputy and director. */
export const designationsSchema = z.object({ deputy: holder, director: holder });

/** A `datetime-local` value, read as Kazakhstan time. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .transform(fromLocalMinute)
  .refine((d) => !Number.isNaN(d.getTime()))
  .transform((d) => d.toISOString());
/** A district's duty shift as its form posts it: who, from and to (local time). */
export const dutyShiftSchema = z
  .object({ userId: recordId, from: localDateTime, to: localDateTime })
  .transform(({ userId, from, to }) => ({ userId, startsAt: from, endsAt: to }));

/** The school's staff the admin can name as the ladder's deputy and director, and who holds each now. */
export async function schoolDesignations(actor: Actor) {
  if (!may(actor, "manage:school:school")) return undefined;
  const schoolId = actor.user.school_id!;
  const [staff, designations] = await Promise.all([
    actor.db
      .selectFrom("users")
      .select(["id", "display_name", "role", "email"])
      .where("school_id", "=", schoolId)
      .orderBy("display_name")
      .execute(),
    actor.db.selectFrom("school_designations").select(["designation", "user_id"]).where("school_id", "=", schoolId).execute(),
  ]);
  const holder = (d: Designation) => designations.find((x) => x.designation === d)?.user_id ?? null;
  return { staff, psychologists: staff.filter((s) => s.role === "psychologist"), deputy: holder("deputy"), director: holder("director") };
}

/** Names the deputy and the director (null: nobody). False when someone named is not of the admin's school. */
export async function setSchoolDesignations(actor: Actor, names: Record<Designation, number | null>): Promise<boolean> {
  if (!may(actor, "manage:school:school")) return false;
  const schoolId = actor.user.school_id!;
  const ids = Object.values(names).filter((id): id is number => id !== null);
  if (ids.length > 0) {
    const own = await actor.db.selectFrom("users").select("id").where("school_id", "=", schoolId).where("id", "in", ids).execute();
    if (new Set(own.map((u) => u.id)).size !== new Set(ids).size) return false;
  }
  await actor.db.transaction().execute(async (tx) => {
    for (const [designation, userId] of Object.entries(names) as Array<[Designation, number | null]>) {
      await tx.deleteFrom("school_designations").where("school_id", "=", schoolId).where("designation", "=", designation).execute();
      if (userId !== null)
        await tx.insertInto("school_designations").values({ school_id: schoolId, designation, user_id: userId }).execute();
    }
  });
  return true;
}

/** The district's roster from `nowIso` on, and the officials who can be put on it. */
export async function dutyRoster(actor: Actor, nowIso: string) {
  if (!may(actor, "manage:duty:district")) return undefined;
  const districtId = actor.user.district_id!;
  const [officials, shifts] = await Promise.all([
    actor.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("role", "=", "district_official")
      .where("district_id", "=", districtId)
      .orderBy("display_name")
      .execute(),
    actor.db
      .selectFrom("duty_shifts")
      .innerJoin("users", "users.id", "duty_shifts.user_id")
      .select(["duty_shifts.id", "duty_shifts.starts_at", "duty_shifts.ends_at", "users.display_name"])
      .where("duty_shifts.district_id", "=", districtId)
      .where("duty_shifts.ends_at", ">", nowIso)
      .orderBy("duty_shifts.starts_at")
      .execute(),
  ]);
  return { officials, shifts: shifts.map((s) => ({ ...s, onDuty: s.starts_at <= nowIso })) };
}

const MAX_SHIFT_MS = 31 * 86_400_000;

/** Puts an official of the actor's district on duty; false for anyone else or a shift that makes no sense. */
export async function addDutyShift(actor: Actor, shift: { userId: number; startsAt: string; endsAt: string }): Promise<boolean> {
  if (!may(actor, "manage:duty:district")) return false;
  const length = Date.parse(shift.endsAt) - Date.parse(shift.startsAt);
  if (!(length > 0 && length <= MAX_SHIFT_MS)) return false;
  const official = await actor.db
    .selectFrom("users")
    .select("id")
    .where("id", "=", shift.userId)
    .where("role", "=", "district_official")
    .where("district_id", "=", actor.user.district_id!)
    .executeTakeFirst();
  if (!official) return false;
  await actor.db
    .insertInto("duty_shifts")
    .values({
      district_id: actor.user.district_id!,
      user_id: shift.userId,
      starts_at: shift.startsAt,
      ends_at: shift.endsAt,
      created_by: actor.user.id,
    })
    .execute();
  return true;
}

export async function removeDutyShift(actor: Actor, shiftId: number): Promise<boolean> {
  if (!may(actor, "manage:duty:district")) return false;
  const done = await actor.db
    .deleteFrom("duty_shifts")
    .where("id", "=", shiftId)
    .where("district_id", "=", actor.user.district_id!)
    .executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}
