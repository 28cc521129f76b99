import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeAllRegions, openRegions } from "../../db/regions.server";
import { DEMO_PASSWORD } from "../../scripts/seed-demo";
import { totpCodeAt, totpSecretOf, totpStep } from "../../app/domain/auth/two-factor.server";
import { issueFormToken } from "../../app/domain/reports/form-token.server";

/**
 * The real React Router request handler, from the source (the router's Vite plugin in
 * tests/vitest.config.ts compiles the routes), on a fresh data directory: a change to a route or
 * the domain is tested without a build, and the test and the handler share one copy of each module.
 * Call once per test file, before anything opens a region.
 */
export async function startTestApp() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-test-"));
  process.env.DATA_DIR = dataDir;
  const { handleRequest, requestContext } = await import("../../app/http/web-server.server");
  let clientCounter = 0;

  /**
   * A request as a browser would send it; each call is a new client unless `client` is given.
   * A report form posted to /r/<code> gets a fresh form token, as the page would have given it,
   * unless it names its own `formToken` or asks for `noFormToken` (the token rules' own tests).
   */
  async function request(
    pathname: string,
    init: RequestInit & { client?: string; form?: Record<string, string | string[]>; noFormToken?: boolean } = {},
  ) {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      const school = /^\/r\/([^/?]+)/.exec(pathname)?.[1];
      if (school && !init.noFormToken && !("formToken" in init.form)) params.append("formToken", formTokenFor(decodeURIComponent(school)));
      for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) params.append(k, item);
      body = params.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const { noFormToken: _, ...rest } = init;
    const req = new Request(new URL(pathname, "http://localhost"), {
      ...rest,
      method: init.method ?? (body !== undefined ? "POST" : "GET"),
      headers,
      body,
    });
    return handleRequest(req, requestContext(init.client ?? `test-client-${++clientCounter}`));
  }

  async function stop() {
    await closeAllRegions();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  return { dataDir, request, stop };
}

/**
 * A valid token for a school's report form, made as the form page makes it: the test process
 * reads the same data-key file as the handler (tests know every secret). Fresh each call.
 */
export function formTokenFor(schoolCode: string, now?: number): string {
  return issueFormToken(`r:${schoolCode.toUpperCase()}`, now);
}

/** The form token on a rendered report form. */
export function formTokenFrom(html: string): string {
  const match = /name="formToken" value="([^"]*)"/.exec(html);
  if (!match) throw new Error("No form token on the page");
  return match[1]!;
}

/** The session cookie a sign-in response sets, ready for a Cookie header. */
export function sessionCookieFrom(response: Response): string {
  const setCookie = response.headers.get("set-cookie") ?? "";
  const match = /senim_session=[^;]+/.exec(setCookie);
  if (!match) throw new Error(`No session cookie in: ${setCookie}`);
  return match[0];
}

/** The receipt code shown on the page after a report, digits only. */
export function receiptCodeFrom(html: string): string {
  const match = /class="receipt-code"[^>]*>([\d ]+)</.exec(html);
  if (!match) throw new Error("No receipt code on the page");
  return match[1]!.replace(/\s/g, "");
}

export const validReport = {
  reporterRole: "self",
  categories: ["verbal", "exclusion"],
  location: "classroom",
  frequency: "weekly",
  since: "weeks",
  grade: "7",
  description: "They laugh at me every day in class.",
};

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The account's confirmed authenticator, read from its region database (tests know every secret). */
async function authenticatorOf(email: string) {
  for (const { db } of await openRegions()) {
    const row = await db
      .selectFrom("users")
      .innerJoin("totp_credentials", "totp_credentials.user_id", "users.id")
      .select(["totp_credentials.id", "totp_credentials.secret", "totp_credentials.last_used_step"])
      .where("users.email", "=", email.trim().toLowerCase())
      .where("totp_credentials.confirmed_at", "is not", null)
      .executeTakeFirst();
    if (row) return { db, ...row, secret: totpSecretOf(row.secret) };
  }
  throw new Error(`${email} has no authenticator`);
}

/**
 * A code the server will accept for this account now. A code works once, and tests sign one
 * account in many times a minute: when the current and next steps are both used up, this moves
 * the account's replay marker back (the replay refusal itself is tested in accounts.test.ts).
 */
export async function totpCodeFor(email: string): Promise<string> {
  const auth = await authenticatorOf(email);
  const now = totpStep(new Date());
  // The current step or the next: both stay inside the ±1 window if the clock ticks meanwhile.
  const step = [now, now + 1].find((s) => s > auth.last_used_step);
  if (step !== undefined) return totpCodeAt(auth.secret, step);
  await auth.db
    .updateTable("totp_credentials")
    .set({ last_used_step: now - 1 })
    .where("id", "=", auth.id)
    .execute();
  return totpCodeAt(auth.secret, now);
}

/**
 * Signs a staff member in as a browser would (password, then the six-digit code when the
 * account needs one) and returns the session cookie for a Cookie header:
 * `const cookie = await signIn(app, "psychologist@demo.senim.kz")`.
 */
export async function signIn(app: TestApp, email: string, password: string = DEMO_PASSWORD): Promise<string> {
  const res = await app.request("/staff/sign-in", { form: { email, password } });
  if (res.status !== 302) throw new Error(`Sign-in of ${email} answered ${res.status}`);
  const cookie = sessionCookieFrom(res);
  if (!res.headers.get("location")?.startsWith("/staff/two-factor")) return cookie;
  const second = await app.request("/staff/two-factor", {
    headers: { cookie },
    form: { intent: "verify", code: await totpCodeFor(email) },
  });
  if (second.status !== 302) throw new Error(`The second factor of ${email} answered ${second.status}`);
  return cookie;
}
