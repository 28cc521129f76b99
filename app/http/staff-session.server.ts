import { redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { createSession, invalidateSession, validateSession, type StaffSession } from "~/domain/auth/sessions.server";
import { actorFor, type Actor } from "~/domain/policy/policy.server";
import { isStaffPath } from "./paths";
import { actorContext, staffSessionContext } from "./request-context.server";

const COOKIE = "senim_session";

function secureCookies(): boolean {
  return process.env.COOKIE_SECURE ? process.env.COOKIE_SECURE === "true" : process.env.NODE_ENV === "production";
}

function sessionCookie(value: string, expires: Date): string {
  const parts = [`${COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Expires=${expires.toUTCString()}`];
  if (secureCookies()) parts.push("Secure");
  return parts.join("; ");
}

function readCookie(request: Request): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return rest.join("=");
  }
  return undefined;
}

/** The session behind the cookie, including one still waiting for its second factor. */
export async function currentStaff(request: Request): Promise<StaffSession | undefined> {
  const value = readCookie(request);
  return value ? validateSession(value) : undefined;
}

function here(request: Request): string {
  const url = new URL(request.url);
  return encodeURIComponent(url.pathname + url.search);
}

export type SignedInActor = Actor & { session: StaffSession };

/**
 * The root's middleware: the session cookie is read and checked once per request, and only on
 * staff pages; anonymous pages never look at a cookie.
 */
export const loadStaffSession: MiddlewareFunction<Response> = async ({ request, context }) => {
  if (isStaffPath(new URL(request.url).pathname)) context.set(staffSessionContext, (await currentStaff(request)) ?? null);
};

/**
 * The staff layout's middleware (and a staff resource route's): the signed-in actor, built once
 * per request from the session the root read, or a redirect that comes back here afterwards: to
 * sign in, or to the second factor when only the password has been given.
 */
export const requireSignedIn: MiddlewareFunction<Response> = async ({ request, context }) => {
  const session = context.get(staffSessionContext);
  if (!session) throw redirect(`/staff/sign-in?next=${here(request)}`);
  if (session.secondFactorPending) throw redirect(`/staff/two-factor?next=${here(request)}`);
  context.set(actorContext, { ...(await actorFor(session.user, session.region, session.db)), session });
};

/** The actor `requireSignedIn` loaded for this request. */
export function requireActor(context: Readonly<RouterContextProvider>): SignedInActor {
  const actor = context.get(actorContext);
  // Not a user's error: a staff route was mounted without the middleware.
  if (!actor) throw new Error("A staff route ran without requireSignedIn in its middleware.");
  return actor;
}

/** A new session for the account the password step found (`authenticate`). */
export async function startSession(signedIn: Pick<StaffSession, "region" | "db" | "user">): Promise<string> {
  const { cookieValue, expiresAt } = await createSession(signedIn);
  return sessionCookie(cookieValue, expiresAt);
}

/** A Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(): string {
  return sessionCookie("", new Date(0));
}

export async function endSession(request: Request): Promise<string> {
  const session = await currentStaff(request);
  if (session) await invalidateSession(session);
  return clearedSessionCookie();
}

/**
 * The one check for every `next`/`redirectTo`: only paths of this site, so a sign-in link cannot
 * bounce staff to another one. Undefined (the caller goes home) for anything else.
 */
export function safeNext(next: string | null): string | undefined {
  if (!next) return undefined;
  const base = "http://senim.invalid";
  try {
    // The URL parser drops tabs and newlines and reads "\\" as "/" as browsers do, so "/\t/evil"
    // and "/\\evil" are seen as "//evil" (another origin) here too.
    const url = new URL(next, base);
    if (url.origin !== base) return undefined;
    const path = url.pathname + url.search;
    // "/.//evil" normalises to the path "//evil", which a browser reads as another host.
    return /^\/[^/\\]/.test(path) || path === "/" ? path : undefined;
  } catch {
    return undefined;
  }
}
