import type { MiddlewareFunction, RouterContextProvider } from "react-router";
import { recordId } from "~/domain/input/record-id";
import { caseAccess, type CaseAccess } from "~/domain/policy/policy.server";
import { caseContext } from "./request-context.server";
import { requireActor } from "./staff-session.server";

/**
 * The case pages' middleware: whether the signed-in actor may see the case in the URL, and how,
 * decided once per request through the policy layer, for every page and action under it.
 */
export const loadCaseAccess: MiddlewareFunction<Response> = async ({ params, context }) => {
  const caseId = recordId.safeParse(params.caseId);
  context.set(caseContext, caseId.success ? ((await caseAccess(requireActor(context), caseId.data)) ?? null) : null);
};

/**
 * The case `loadCaseAccess` let through, or 404: another school's case and a missing one answer
 * alike. Thrown here, from the page's loader or action, not from the middleware: a middleware's
 * error renders at the root before its loader has run, in no one's language and without the
 * staff menu, while the page's reaches the case layout's ErrorBoundary inside the staff frame.
 */
export function requireCase(context: Readonly<RouterContextProvider>): CaseAccess {
  const access = context.get(caseContext);
  if (!access) throw new Response(null, { status: 404 });
  return access;
}

/** A case the actor only keeps the record of (it moved to another school) may be read, not changed. */
export function requireEditableCase(context: Readonly<RouterContextProvider>): CaseAccess {
  const access = requireCase(context);
  if (access.mode !== "edit") throw new Response(null, { status: 403 });
  return access;
}
