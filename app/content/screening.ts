import { z } from "zod";
import screeningJson from "../../content/screening.json";

// The life-safety screen's words (content/screening.json): data a methodologist edits, each
// entry with its source and whether it is confirmed. Server-only, like the escalation ladder.

/** What the screen looks for: the report form's life-safety categories. */
export const SCREEN_KINDS = ["suicide_self_harm", "weapon_attack", "sexual_abuse", "home_abuse"] as const;
export type ScreenKind = (typeof SCREEN_KINDS)[number];
const provenance = { source: z.string().min(1), confirmed: z.boolean() };
const phrase = z.string().trim().min(2).max(1000);
const lang = z.enum(["kk", "ru", "en"]);

const screeningSchema = z.object({
  version: z.literal(1),
  about: z.string(),
  negators: z.array(phrase),
  negatorsAfter: z.array(phrase),
  englishMarkers: z.array(z.string().regex(/^[a-z']+$/)),
  rules: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        lang,
        kind: z.enum(SCREEN_KINDS),
        phrase,
        negatable: z.boolean().optional(),
        ...provenance,
      }),
    )
    .min(1)
    .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, "rule ids are unique"),
  dampeners: z.array(
    z.object({
      id: z.string(),
      lang,
      phrase,
      kinds: z.array(z.enum(SCREEN_KINDS)).optional(),
      clause: z.boolean().optional(),
      ...provenance,
    }),
  ),
});

export const screeningContent = screeningSchema.parse(screeningJson);
