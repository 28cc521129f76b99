import type { RegionDb } from "../../db/regions.server";
import type { StaffRole, User } from "../../db/schema";
import type { Actor } from "~/domain/policy/policy.server";

/** An actor for may() and the other decisions made from the account alone: the database is not consulted. */
export const actorWith = (
  role: StaffRole,
  scope: { school?: number; district?: number; service?: number; team?: boolean } = {},
): Actor => ({
  region: "akmola",
  caseTeam: scope.team ?? false,
  db: {} as RegionDb,
  user: {
    id: 1,
    email: "x@senim.kz",
    password_hash: "",
    role,
    display_name: "X",
    school_id: scope.school ?? null,
    district_id: scope.district ?? null,
    language: "kk",
    created_at: "",
    service_id: scope.service ?? null,
    password_set_at: "",
    failed_sign_ins: 0,
    failed_since: null,
    locked_until: null,
    phone: "",
    channels: null,
    telegram_chat_id: "",
    reading_confirmed_at: "",
    reading_confirmed_by: null,
  } satisfies User,
});
