import { z } from "zod";
import { LANGUAGES } from "~/i18n/language";

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
