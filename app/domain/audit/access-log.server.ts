import { addDays, schoolNowIso, startOfLocalDay } from "~/domain/calendar/local-date";
import type { StaffRole } from "../../../db/schema";
import { accessLogVisibleTo, may, type Actor } from "../policy/policy.server";

export const ACCESS_ACTIONS = [
  "view",
  "list",
  "reply",
  "status",
  "update",
  "download",
  "invite",
  "reset",
  "password",
  "two_factor",
  "sign_out_all",
  "link_used",
  "not_genuine",
  "restore_genuine",
  "grant_reading",
  "confirm_reading",
  "revoke_reading",
  "lower_urgency",
] as const;
/** Who may read children's words changed, or a report the screen raised was lowered: the audit page highlights these (#13, #17). */
export const HIGHLIGHTED_ACTIONS: readonly AccessAction[] = ["grant_reading", "confirm_reading", "revoke_reading", "lower_urgency"];
export const ACCESS_ENTITIES = ["report", "case", "referral", "account"] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
export type AccessEntity = (typeof ACCESS_ENTITIES)[number];

/**
 * Who looked at or changed a record, and when: the answer a child's family is owed later. Only
 * the account and its database are needed, so changes to one's own account are logged too.
 */
export async function logAccess(
  actor: Pick<Actor, "db"> & { user: { id: number } },
  action: AccessAction,
  entity: AccessEntity,
  entityId: number,
) {
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
  return query.orderBy("access_log.id", "desc").limit(50).execute();
}

export type AuditFilter = { userId?: number; entity?: AccessEntity; from?: string; to?: string; before?: number };
export type AuditEntry = {
  id: number;
  at: string;
  action: AccessAction;
  entity: AccessEntity;
  entityId: number;
  userId: number;
  name: string;
  role: StaffRole;
};

const AUDIT_PAGE = 100;

/**
 * The audit trail an admin may read, newest first, a page at a time (`before`: the last id of
 * the previous page). `from` and `to` are calendar days (YYYY-MM-DD, Kazakhstan time), both kept.
 * Undefined when the actor may not audit at all.
 */
export async function auditTrail(
  actor: Actor,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; more: boolean; people: Array<{ id: number; name: string; role: StaffRole }> } | undefined> {
  if (!may(actor, "read:audit:school") && !may(actor, "read:audit:region")) return undefined;
  let query = accessLogVisibleTo(actor)
    .innerJoin("users", "users.id", "access_log.user_id")
    .select([
      "access_log.id",
      "access_log.at",
      "access_log.action",
      "access_log.entity",
      "access_log.entity_id",
      "access_log.user_id",
      "users.display_name",
      "users.role",
    ]);
  if (filter.userId !== undefined) query = query.where("access_log.user_id", "=", filter.userId);
  if (filter.entity) query = query.where("access_log.entity", "=", filter.entity);
  // Stored times are UTC; Kazakhstan's day starts at 19:00 UTC the evening before.
  if (filter.from) query = query.where("access_log.at", ">=", startOfLocalDay(filter.from));
  if (filter.to) query = query.where("access_log.at", "<", startOfLocalDay(addDays(filter.to, 1)));
  if (filter.before !== undefined) query = query.where("access_log.id", "<", filter.before);
  const rows = await query
    .orderBy("access_log.id", "desc")
    .limit(AUDIT_PAGE + 1)
    .execute();
  const people = await accessLogVisibleTo(actor)
    .innerJoin("users", "users.id", "access_log.user_id")
    .select(["users.id", "users.display_name", "users.role"])
    .distinct()
    .orderBy("users.display_name")
    .execute();
  return {
    entries: rows.slice(0, AUDIT_PAGE).map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action as AccessAction,
      entity: r.entity as AccessEntity,
      entityId: r.entity_id,
      userId: r.user_id,
      name: r.display_name,
      role: r.role,
    })),
    more: rows.length > AUDIT_PAGE,
    people: people.map((p) => ({ id: p.id, name: p.display_name, role: p.role })),
  };
}
