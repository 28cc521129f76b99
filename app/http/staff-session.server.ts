import { redirect } from "@remix-run/node";
import { createSession, invalidateSession, validateSession, type StaffSession } from "~/domain/auth/sessions.server";
import { actorFor, type Actor } from "~/domain/policy/policy.server";
import type { RegionDb } from "../../db/regions.server";

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

export async function currentStaff(request: Request): Promise<StaffSession | undefined> {
  const value = readCookie(request);
  return value ? validateSession(value) : undefined;
}

/** The signed-in actor, or a redirect to sign in that comes back here afterwards. */
export async function requireActor(request: Request): Promise<Actor & { session: StaffSession }> {
  const session = await currentStaff(request);
  if (!session) {
    const url = new URL(request.url);
    throw redirect(`/staff/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { ...(await actorFor(session.user, session.region, session.db)), session };
}

export async function startSession(region: string, db: RegionDb, userId: number): Promise<string> {
  const { cookieValue, expiresAt } = await createSession(region, db, userId);
  return sessionCookie(cookieValue, expiresAt);
}

export async function endSession(request: Request): Promise<string> {
  const session = await currentStaff(request);
  if (session) await invalidateSession(session);
  return sessionCookie("", new Date(0));
}
