import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import { LANGUAGES } from "~/i18n/language";
import type { StaffRole } from "../../../db/schema";

/** The roles a school's own admin gives: everyone else is appointed by the region. */
export const SCHOOL_STAFF_ROLES = ["teacher", "psychologist", "school_admin"] as const satisfies readonly StaffRole[];

/** Who is invited: their address, their name as colleagues know it, and their language. */
export const personInviteSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: "accounts.invite.error.email" })
    .pipe(z.email({ error: "accounts.invite.error.email" })),
  name: z.string().trim().min(1, { error: "accounts.invite.error.name" }).max(120, { error: "accounts.invite.error.name" }),
  language: z.enum(LANGUAGES).catch("kk"),
});

/** An invitation to a school's staff: the person and the role they will have there. */
export const schoolInviteSchema = personInviteSchema.extend({ role: z.enum(SCHOOL_STAFF_ROLES, { error: "accounts.invite.error.role" }) });

/** An invitation to be a school's admin, from the region admin: the school, then the person. */
export const schoolAdminInviteSchema = z.object({
  schoolId: recordId.catch(0).refine((id) => id > 0, { error: "onboarding.error.school" }),
  ...personInviteSchema.shape,
});
