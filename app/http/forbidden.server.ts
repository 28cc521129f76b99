import { data } from "react-router";
import { awaitsReadingConfirmation, type Actor } from "~/domain/policy/policy.server";

/** Why a 403 is a 403, when the page can say it in words (the error boundary reads `reason`). */
export type ForbiddenReason = "reading-unconfirmed";

/**
 * The 403 for a page of children's words: a psychologist whose right to read waits for the
 * district is told so, instead of a bare "forbidden".
 */
export function forbidden(actor: Actor) {
  return awaitsReadingConfirmation(actor.user)
    ? data({ reason: "reading-unconfirmed" satisfies ForbiddenReason }, { status: 403 })
    : new Response(null, { status: 403 });
}
