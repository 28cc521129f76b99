import { schoolNowIso } from "~/domain/calendar/local-date";
import type { Actor } from "../policy/policy.server";

export type AccessAction = "view" | "reply" | "status" | "update" | "download" | "list";
export type AccessEntity = "report" | "case" | "referral";

/** Who looked at or changed a record, and when: the answer a child's family is owed later. */
export async function logAccess(actor: Actor, action: AccessAction, entity: AccessEntity, entityId: number) {
  await actor.db
    .insertInto("access_log")
    .values({ user_id: actor.user.id, action, entity, entity_id: entityId, at: schoolNowIso() })
    .execute();
}

/**
 * One row per record a page showed part of (a list's names, a task's child): a view is a
 * view even when it is a line in a list.
 */
export async function logAccessMany(actor: Actor, action: AccessAction, entity: AccessEntity, entityIds: number[]) {
  const ids = [...new Set(entityIds)];
  if (ids.length === 0) return;
  const at = schoolNowIso();
  await actor.db
    .insertInto("access_log")
    .values(ids.map((id) => ({ user_id: actor.user.id, action, entity, entity_id: id, at })))
    .execute();
}

export async function accessLogFor(actor: Actor, entity: AccessEntity, entityId: number, except: AccessAction[] = []) {
  let query = actor.db
    .selectFrom("access_log")
    .innerJoin("users", "users.id", "access_log.user_id")
    .select(["access_log.action", "access_log.at", "users.display_name"])
    .where("access_log.entity", "=", entity)
    .where("access_log.entity_id", "=", entityId);
  if (except.length > 0) query = query.where("access_log.action", "not in", except);
  return query
    .orderBy("access_log.id", "desc")
    .limit(50)
    .execute();
}
