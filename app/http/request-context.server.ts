import { createContext, RouterContextProvider } from "react-router";
import type { StaffSession } from "~/domain/auth/sessions.server";
import type { CaseAccess } from "~/domain/policy/policy.server";
import type { Reception } from "~/domain/reports/receive-report.server";
import type { SignedInActor } from "./staff-session.server";

/** A salted hash of the client's address, for in-memory rate limits only; never stored or logged. */
/** Set by an area whose pages are sent without scripts (public/layout.tsx): the root then sends no messages. */
export const withoutScriptsContext = createContext<boolean>(false);
export const clientKeyContext = createContext<string>("unknown-client");
/** Set by the intake fast path when it already received this report but did not store it. */
export const receptionContext = createContext<Reception | null>(null);
/** The session behind the cookie on staff pages (null when signed out, and on every anonymous page). */
export const staffSessionContext = createContext<StaffSession | null>(null);

/** The signed-in actor on pages under the staff layout (staff-session.server.ts `requireSignedIn`). */
export const actorContext = createContext<SignedInActor | null>(null);

/**
 * On one case's pages (case-request.server.ts `loadCaseAccess`): how the actor may use the case in
 * the URL, null when not at all. No default, so a case page mounted without the middleware fails loudly.
 */
export const caseContext = createContext<CaseAccess | null>();

/** The context one request starts with: what the server knows before React Router runs. */
export function requestContext(clientKey: string): RouterContextProvider {
  const context = new RouterContextProvider();
  context.set(clientKeyContext, clientKey);
  return context;
}
