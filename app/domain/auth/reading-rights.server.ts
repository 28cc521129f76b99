import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import { logAccess } from "../audit/access-log.server";
import { may, pendingReadersAtSchoolOf, readingRightsManagedBy, type Actor } from "../policy/policy.server";

/**
 * Four eyes on children's words (#13): the psychologist accounts the district official (their
 * district's schools) or the region admin may confirm, and the confirmed ones they may revoke.
 * Undefined: the actor confirms nobody's right to read.
 */
export async function readingRights(actor: Actor) {
  if (!may(actor, "confirm:reading:district") && !may(actor, "confirm:reading:region")) return undefined;
  const rows = await readingRightsManagedBy(actor)
    .select([
      "users.id",
      "users.display_name",
      "users.email",
      "users.created_at",
      "users.reading_confirmed_at",
      "schools.name_kk",
      "schools.name_ru",
      "schools.name_en",
      "schools.code",
    ])
    .orderBy("schools.code")
    .orderBy("users.display_name")
    .execute();
  return {
    pending: rows.filter((r) => r.reading_confirmed_at === null),
    confirmed: rows.filter((r) => r.reading_confirmed_at !== null),
  };
}

/** The reviewer's form: confirm or revoke one psychologist's right to read children's words. */
export const readingDecisionSchema = z.object({ userId: recordId, decision: z.enum(["confirm", "revoke"]) });

/**
 * Confirms (or revokes) one psychologist's right to read. The policy reads the account's row
 * on every request, so a revoke stops an open inbox at once. Undefined: not an account the actor may decide on
 * (another district's, another region's, not a psychologist) — the page answers 404.
 */
export async function decideReadingRight(actor: Actor, userId: number, decision: "confirm" | "revoke", now = new Date()) {
  const target = await readingRightsManagedBy(actor)
    .select(["users.id", "users.display_name", "users.reading_confirmed_at"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!target) return undefined;
  if (decision === "confirm") {
    if (target.reading_confirmed_at !== null) return { name: target.display_name, changed: false };
    await actor.db
      .updateTable("users")
      .set({ reading_confirmed_at: now.toISOString(), reading_confirmed_by: actor.user.id })
      .where("id", "=", target.id)
      .where("reading_confirmed_at", "is", null)
      .execute();
    await logAccess(actor, "confirm_reading", "account", target.id);
  } else {
    if (target.reading_confirmed_at === null) return { name: target.display_name, changed: false };
    await actor.db
      .updateTable("users")
      .set({ reading_confirmed_at: null, reading_confirmed_by: actor.user.id })
      .where("id", "=", target.id)
      .execute();
    await logAccess(actor, "revoke_reading", "account", target.id);
  }
  return { name: target.display_name, changed: true };
}

/** How long a confirmation stays news on the school's other psychologists' notifications page. */
const CONFIRMED_NEWS_DAYS = 14;

/**
 * What the school's confirmed psychologists are told about new readers at their school: the
 * accounts waiting for confirmation, and those confirmed lately (by someone else, not the CLI).
 */
export async function readingRightsNews(actor: Actor, now = new Date()) {
  const pending = await pendingReadersAtSchoolOf(actor)
    .select(["users.id", "users.display_name", "users.email"])
    .orderBy("users.id")
    .execute();
  if (!may(actor, "read:report:school")) return { pending, confirmed: [] };
  const since = new Date(now.getTime() - CONFIRMED_NEWS_DAYS * 86_400_000).toISOString();
  const confirmed = await actor.db
    .selectFrom("users")
    .select(["users.id", "users.display_name", "users.email", "users.reading_confirmed_at"])
    .where("users.role", "=", "psychologist")
    .where("users.school_id", "=", actor.user.school_id!)
    .where("users.id", "!=", actor.user.id)
    .where("users.reading_confirmed_by", "is not", null)
    .where("users.reading_confirmed_at", ">=", since)
    .orderBy("users.id")
    .execute();
  return { pending, confirmed };
}
