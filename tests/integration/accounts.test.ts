import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { DEMO_PASSWORD, seedDemoRegion } from "../../scripts/seed-demo";
import type { StaffRole } from "../../db/schema";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { decodeTotpSecret, enrolKnownSecret, newTotpSecret, totpCodeAt, totpSecretOf, totpStep } from "~/domain/auth/two-factor.server";
import { sessionCookieFrom, signIn, startTestApp, totpCodeFor, type TestApp } from "../support/app";

let app: TestApp;
let db: RegionDb;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
});
afterAll(() => app.stop());

const PASSWORD = "a long enough password";
let accountCounter = 0;

/** A fresh account of its own for each test, so counters and markers never leak between tests. */
async function makeAccount(role: StaffRole = "psychologist", school = "AK7K3M") {
  const email = `staff-${++accountCounter}@test.senim.kz`;
  const id = await createStaffAccount({
    region: "akmola",
    email,
    password: PASSWORD,
    role,
    displayName: `Test ${accountCounter}`,
    schoolCode: school,
  });
  const secret = newTotpSecret();
  if (role !== "teacher") await enrolKnownSecret(db, id, secret, new Date());
  return { id, email, secret, codeAt: (offset = 0) => totpCodeAt(secret, totpStep(new Date()) + offset) };
}

describe("school codes typed at the command line", () => {
  it("reads a code as the web does: lower case, a dash, Cyrillic look-alike letters", async () => {
    const school = await db.selectFrom("schools").select("id").where("code", "=", "AK7K3M").executeTakeFirstOrThrow();
    for (const typed of ["ak-7k3m", "АК-7К3М"]) {
      const { id } = await makeAccount("teacher", typed);
      const user = await db.selectFrom("users").select("school_id").where("id", "=", id).executeTakeFirstOrThrow();
      expect(user.school_id).toBe(school.id);
    }
    await expect(makeAccount("teacher", "AK-0000")).rejects.toThrow(/No school with code/);
  });
});

const passwordStep = (email: string, password = PASSWORD, path = "/staff/sign-in") => app.request(path, { form: { email, password } });
const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });
const post = (path: string, cookie: string, form: Record<string, string>, client?: string) =>
  app.request(path, { headers: { cookie }, form, client });

async function pendingCookie(email: string, password = PASSWORD) {
  const res = await passwordStep(email, password);
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toMatch(/^\/staff\/two-factor/);
  return sessionCookieFrom(res);
}

/** A six-digit code valid for none of the accepted steps. */
function wrongCode(account: { codeAt: (offset?: number) => string }) {
  const valid = new Set([-1, 0, 1].map((o) => account.codeAt(o)));
  return ["000000", "111111", "222222", "333333"].find((c) => !valid.has(c))!;
}

const linkIn = (html: string) => /http:\/\/localhost\/staff\/link\/(akmola\.[a-z2-7]{32})/.exec(html)?.[1];
const recoveryCodesIn = (html: string) =>
  [...html.matchAll(/<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]!);

describe("two-step sign-in", () => {
  it("keeps a psychologist's password-only session out of every staff page", async () => {
    const a = await makeAccount();
    const cookie = await pendingCookie(a.email);
    for (const path of ["/school/reports", "/staff", "/staff/account", "/school/cases"]) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/staff/two-factor?next=${encodeURIComponent(path)}`);
    }
    const page = await get("/staff/two-factor?lang=en", cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Enter the 6-digit code");
    // The account has an authenticator: no new secret is offered to a password-only session.
    expect(html).not.toContain("otpauth://");
  });

  it("refuses a wrong code, accepts the right one, and refuses the same code again", async () => {
    const a = await makeAccount();
    const cookie = await pendingCookie(a.email);
    const wrong = await post("/staff/two-factor?lang=en", cookie, { intent: "verify", code: wrongCode(a) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("This code is not right or has already been used.");
    expect((await get("/school/reports", cookie)).status).toBe(302);

    const code = a.codeAt();
    const right = await post("/staff/two-factor?next=%2Fschool%2Freports%3Fstatus%3Dopen", cookie, { intent: "verify", code });
    expect(right.status).toBe(302);
    expect(right.headers.get("location")).toBe("/school/reports?status=open");
    expect((await get("/school/reports", cookie)).status).toBe(200);
    const marker = await db.selectFrom("totp_credentials").select("last_used_step").where("user_id", "=", a.id).executeTakeFirstOrThrow();
    expect(marker.last_used_step).toBeGreaterThanOrEqual(totpStep(new Date()) - 1);

    // Someone who saw the code (and knows the password) cannot use it in another session.
    const replayer = await pendingCookie(a.email);
    const replay = await post("/staff/two-factor?lang=ru", replayer, { intent: "verify", code });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("Код неверный или уже использован.");
    expect((await get("/school/reports", replayer)).status).toBe(302);
  });

  it("lets a recovery code in once, and only as a hash in the database", async () => {
    const a = await makeAccount();
    const cookie = await signIn(app, a.email, PASSWORD);
    const made = await post("/staff/account?lang=en", cookie, { intent: "new-recovery-codes", proof: PASSWORD });
    expect(made.status).toBe(200);
    const codes = recoveryCodesIn(await made.text());
    expect(codes).toHaveLength(10);
    const stored = await db.selectFrom("recovery_codes").select(["code_hash", "used_at"]).where("user_id", "=", a.id).execute();
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored.some((s) => s.code_hash.includes(c.replace(/-/g, "")))).toBe(false);

    const first = await pendingCookie(a.email);
    const used = await post("/staff/two-factor", first, { intent: "verify", code: codes[3]!.toUpperCase() });
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe("/staff/account?recovery=used");
    const account = await (await get("/staff/account?recovery=used&lang=en", first)).text();
    expect(account).toContain("Codes left: 9");

    const second = await pendingCookie(a.email);
    expect((await post("/staff/two-factor", second, { intent: "verify", code: codes[3]! })).status).toBe(400);
    expect((await get("/school/reports", second)).status).toBe(302);
    // New codes replace the old ones.
    await post("/staff/account", cookie, { intent: "new-recovery-codes", proof: PASSWORD });
    expect((await post("/staff/two-factor", second, { intent: "verify", code: codes[5]! })).status).toBe(400);
  });

  it("lets a teacher without two-step sign-in in with the password alone, and asks for a code once they turn it on", async () => {
    const t = await makeAccount("teacher");
    const res = await passwordStep(t.email);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/school/lessons");
    const cookie = sessionCookieFrom(res);
    expect((await get("/school/lessons", cookie)).status).toBe(200);

    // Turning it on: the page shows a key, the first code confirms it, recovery codes follow.
    const started = await post("/staff/account?lang=en", cookie, { intent: "start-two-factor" });
    const key = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(await started.text())?.[1];
    expect(key).toBeDefined();
    const secret = decodeTotpSecret(key!)!;
    const confirmed = await post("/staff/account?lang=en", cookie, {
      intent: "confirm-two-factor",
      code: totpCodeAt(secret, totpStep(new Date())),
      proof: PASSWORD,
    });
    expect(confirmed.status).toBe(200);
    expect(recoveryCodesIn(await confirmed.text())).toHaveLength(10);
    expect((await get("/school/lessons", cookie)).status).toBe(200);
    const stored = await db
      .selectFrom("totp_credentials")
      .select(["secret", "confirmed_at", "session_id"])
      .where("user_id", "=", t.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.confirmed_at).not.toBeNull();
    expect(stored[0]!.session_id).toBeNull();
    expect(totpSecretOf(stored[0]!.secret)).toEqual(secret);

    const next = await passwordStep(t.email);
    expect(next.headers.get("location")).toBe("/staff/two-factor");
    expect((await get("/school/lessons", sessionCookieFrom(next))).status).toBe(302);

    // And off again, with the password.
    expect((await post("/staff/account", cookie, { intent: "turn-off-two-factor", password: "wrong password!" })).status).toBe(400);
    expect((await post("/staff/account", cookie, { intent: "turn-off-two-factor", password: PASSWORD })).status).toBe(200);
    expect((await passwordStep(t.email)).headers.get("location")).toBe("/school/lessons");
  });

  it("never lets a psychologist turn two-step sign-in off", async () => {
    const a = await makeAccount();
    const cookie = await signIn(app, a.email, PASSWORD);
    expect((await post("/staff/account", cookie, { intent: "turn-off-two-factor", password: PASSWORD })).status).toBe(403);
    expect(await db.selectFrom("totp_credentials").select("id").where("user_id", "=", a.id).execute()).toHaveLength(1);
  });

  it("signs the demo accounts in with the published demo secret", async () => {
    const cookie = await signIn(app, "school-admin@demo.senim.kz");
    expect((await get("/school/staff", cookie)).status).toBe(200);
  });
});

describe("lock-out after failed attempts", () => {
  it("locks an account for 15 minutes after 5 wrong passwords, even for the right one, and lets it in afterwards", async () => {
    const a = await makeAccount();
    for (let i = 0; i < 5; i++) expect((await passwordStep(a.email, "wrong password " + i)).status).toBe(400);
    const locked = await passwordStep(a.email, PASSWORD, "/staff/sign-in?lang=en");
    expect(locked.status).toBe(429);
    expect(locked.headers.get("set-cookie")).toBeNull();
    expect(await locked.text()).toContain("Sign-in to this account is paused for 15 minutes.");
    const row = await db.selectFrom("users").select(["locked_until"]).where("id", "=", a.id).executeTakeFirstOrThrow();
    const lockedFor = Date.parse(row.locked_until!) - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);

    // Time passes.
    await db
      .updateTable("users")
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", a.id)
      .execute();
    const cookie = await pendingCookie(a.email);
    expect((await post("/staff/two-factor", cookie, { intent: "verify", code: a.codeAt() })).status).toBe(302);
    const cleared = await db
      .selectFrom("users")
      .select(["failed_sign_ins", "locked_until"])
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(cleared).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it("answers an unknown address exactly like a locked account", async () => {
    const email = "nobody-here@test.senim.kz";
    const answers: Array<[number, string]> = [];
    for (let i = 0; i < 6; i++) {
      const res = await passwordStep(email, "whatever password", "/staff/sign-in?lang=en");
      answers.push([res.status, await res.text()]);
    }
    expect(answers.slice(0, 5).every(([s, h]) => s === 400 && h.includes("The email or password is not right."))).toBe(true);
    expect(answers[5]![0]).toBe(429);
    expect(answers[5]![1]).toContain("Sign-in to this account is paused for 15 minutes.");
  });

  it("counts wrong codes too, and a right password in between does not reset the count", async () => {
    const a = await makeAccount();
    for (let i = 0; i < 5; i++) {
      const cookie = await pendingCookie(a.email); // the right password each time
      expect((await post("/staff/two-factor", cookie, { intent: "verify", code: wrongCode(a) })).status).toBe(400);
    }
    const res = await passwordStep(a.email, PASSWORD, "/staff/sign-in?lang=en");
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("paused for 15 minutes");
  });

  it("refuses the right code while locked", async () => {
    const a = await makeAccount();
    const cookie = await pendingCookie(a.email);
    for (let i = 0; i < 5; i++)
      expect((await post("/staff/two-factor", cookie, { intent: "verify", code: wrongCode(a) })).status).toBe(400);
    const locked = await post("/staff/two-factor?lang=en", cookie, { intent: "verify", code: a.codeAt() });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("paused for 15 minutes");
    expect((await get("/school/reports", cookie)).status).toBe(302);
  });

  it("limits second-factor attempts per client with a translated 429", async () => {
    const a = await makeAccount();
    const cookie = await pendingCookie(a.email);
    let last: Response | undefined;
    for (let i = 0; i < 21; i++)
      last = await post("/staff/two-factor?lang=ru", cookie, { intent: "verify", code: wrongCode(a) }, "one-busy-client");
    expect(last!.status).toBe(429);
    expect(await last!.text()).toContain("Слишком много попыток входа.");
  });
});

describe("sessions", () => {
  it("ends a session unused for 30 minutes, and keeps one used 29 minutes ago", async () => {
    const a = await makeAccount();
    const cookie = await signIn(app, a.email, PASSWORD);
    const since = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await db
      .updateTable("sessions")
      .set({ last_used_at: since(29) })
      .where("user_id", "=", a.id)
      .execute();
    expect((await get("/school/reports", cookie)).status).toBe(200);
    const touched = await db.selectFrom("sessions").select("last_used_at").where("user_id", "=", a.id).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(touched.last_used_at)).toBeLessThan(60_000);

    await db
      .updateTable("sessions")
      .set({ last_used_at: since(31) })
      .where("user_id", "=", a.id)
      .execute();
    const idle = await get("/school/reports", cookie);
    expect(idle.status).toBe(302);
    expect(idle.headers.get("location")).toBe("/staff/sign-in?next=%2Fschool%2Freports");
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", a.id).execute()).toHaveLength(0);
  });

  it("writes the last use at most once a minute", async () => {
    const a = await makeAccount();
    const cookie = await signIn(app, a.email, PASSWORD);
    const recent = new Date(Date.now() - 20_000).toISOString();
    await db.updateTable("sessions").set({ last_used_at: recent }).where("user_id", "=", a.id).execute();
    await get("/school/reports", cookie);
    const row = await db.selectFrom("sessions").select("last_used_at").where("user_id", "=", a.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(recent);
  });

  it("signs out everywhere: another device's session ends too", async () => {
    const a = await makeAccount();
    const here = await signIn(app, a.email, PASSWORD);
    const there = await signIn(app, a.email, PASSWORD);
    expect((await get("/school/reports", there)).status).toBe(200);
    const out = await post("/staff/account", here, { intent: "sign-out-everywhere" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/staff/sign-in");
    expect(out.headers.get("set-cookie")).toMatch(/senim_session=;/);
    for (const cookie of [here, there]) expect((await get("/school/reports", cookie)).status).toBe(302);
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", a.id).execute()).toHaveLength(0);
  });

  it("changes the password only with the current one, and signs out the other sessions", async () => {
    const a = await makeAccount();
    const here = await signIn(app, a.email, PASSWORD);
    const there = await signIn(app, a.email, PASSWORD);
    const wrong = await post("/staff/account?lang=en", here, {
      intent: "password",
      current: "not the password",
      password: "a new long password",
      repeat: "a new long password",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The current password is not right.");
    const short = await post("/staff/account?lang=en", here, { intent: "password", current: PASSWORD, password: "short", repeat: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 10 characters");
    const changed = await post("/staff/account", here, {
      intent: "password",
      current: PASSWORD,
      password: "a new long password",
      repeat: "a new long password",
    });
    expect(changed.status).toBe(200);
    expect((await get("/school/reports", here)).status).toBe(200);
    expect((await get("/school/reports", there)).status).toBe(302);
    expect((await passwordStep(a.email, PASSWORD)).status).toBe(400);
    expect((await passwordStep(a.email, "a new long password")).status).toBe(302);
  });
});

describe("one-time links and the school's staff page", () => {
  it("invites a psychologist: link, password, sign-in, then the first-time enrolment", async () => {
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const invited = await post("/school/staff?lang=en", admin, {
      intent: "invite",
      email: "New.Psychologist@test.senim.kz",
      name: "Жанар Ахметова",
      role: "psychologist",
      language: "kk",
    });
    expect(invited.status).toBe(200);
    const html = await invited.text();
    expect(html).toContain("Senim does not send email yet");
    const token = linkIn(html)!;
    expect(token).toBeDefined();
    const user = await db.selectFrom("users").selectAll().where("email", "=", "new.psychologist@test.senim.kz").executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "psychologist", password_hash: "", password_set_at: null, language: "kk" });
    const link = await db.selectFrom("account_links").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(link.purpose).toBe("invite");
    expect(link.token_hash).not.toContain(token.split(".")[1]!);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(71 * 3600_000);
    // No password yet: nothing signs in.
    expect((await passwordStep(user.email, "")).status).toBe(400);
    expect((await passwordStep(user.email, "any password at all")).status).toBe(400);

    const page = await app.request(`/staff/link/${token}?lang=en`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Жанар Ахметова, choose a password for your account new.psychologist@test.senim.kz.");
    const mismatch = await app.request(`/staff/link/${token}?lang=en`, {
      form: { password: "первый пароль сотрудника", repeat: "другой пароль сотрудника" },
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The two new passwords are not the same.");
    expect((await app.request(`/staff/link/${token}`, { form: { password: "short", repeat: "short" } })).status).toBe(400);
    const set = await app.request(`/staff/link/${token}`, {
      form: { password: "первый пароль сотрудника", repeat: "первый пароль сотрудника" },
    });
    expect(set.status).toBe(302);
    expect(set.headers.get("location")).toBe("/staff/sign-in?password-set");
    expect(await (await app.request("/staff/sign-in?password-set&lang=en")).text()).toContain("Your password is saved.");
    // Used once: gone.
    expect((await app.request(`/staff/link/${token}?lang=en`)).status).toBe(410);
    expect(
      (await app.request(`/staff/link/${token}`, { form: { password: "second try password", repeat: "second try password" } })).status,
    ).toBe(410);

    // Sign in: a psychologist must set up the second factor before anything opens.
    const cookie = await pendingCookie(user.email, "первый пароль сотрудника");
    expect((await get("/school/reports", cookie)).status).toBe(302);
    const enrol = await (await get("/staff/two-factor?lang=en", cookie)).text();
    expect(enrol).toContain("otpauth://totp/Senim:new.psychologist%40test.senim.kz?");
    const key = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(enrol)![1]!;
    expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = decodeTotpSecret(key)!;
    // The same session sees the same key again; a wrong first code is refused.
    expect(await (await get("/staff/two-factor", cookie)).text()).toContain(key);
    expect(
      (
        await post("/staff/two-factor", cookie, {
          intent: "enrol",
          code: "000000" === totpCodeAt(secret, totpStep(new Date())) ? "111111" : "000000",
        })
      ).status,
    ).toBe(400);
    const enrolled = await post("/staff/two-factor?next=%2Fschool%2Freports", cookie, {
      intent: "enrol",
      code: totpCodeAt(secret, totpStep(new Date())),
    });
    expect(enrolled.status).toBe(200);
    const enrolledHtml = await enrolled.text();
    expect(recoveryCodesIn(enrolledHtml)).toHaveLength(10);
    expect(enrolledHtml).toContain('href="/school/reports"');
    // Invited by the school: no report until the district confirms (four eyes; reading-rights.test.ts).
    const inbox = await get("/school/reports?lang=en", cookie);
    expect(inbox.status).toBe(403);
    expect(await inbox.text()).toContain("Your right to read reports waits for confirmation by the district.");
    // Another password-only session cannot enrol a second authenticator.
    const other = await pendingCookie(user.email, "первый пароль сотрудника");
    expect(await (await get("/staff/two-factor", other)).text()).not.toContain("otpauth://");
    expect((await post("/staff/two-factor", other, { intent: "enrol", code: "123456" })).status).toBe(400);
  });

  it("resets access with a link that works once, for an hour, and only the newest one", async () => {
    const a = await makeAccount();
    const own = await signIn(app, a.email, PASSWORD);
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const first = await post("/school/staff?lang=en", admin, { intent: "reset", userId: String(a.id) });
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(firstHtml).toContain("Access reset link for Test");
    const oldToken = linkIn(firstHtml)!;
    // At once: signed out everywhere, the old password refused, the authenticator kept.
    expect((await get("/school/reports", own)).status).toBe(302);
    expect((await passwordStep(a.email, PASSWORD)).status).toBe(400);
    expect(await db.selectFrom("totp_credentials").select("id").where("user_id", "=", a.id).execute()).toHaveLength(1);

    // A newer link replaces the older one.
    const token = linkIn(await (await post("/school/staff", admin, { intent: "reset", userId: String(a.id) })).text())!;
    expect(token).not.toBe(oldToken);
    expect((await app.request(`/staff/link/${oldToken}`)).status).toBe(404);
    const link = await db.selectFrom("account_links").selectAll().where("user_id", "=", a.id).executeTakeFirstOrThrow();
    expect(link.purpose).toBe("reset");
    expect(Date.parse(link.expires_at) - Date.now()).toBeLessThanOrEqual(3600_000);

    // Expired: refused, translated, never a 500.
    await db
      .updateTable("account_links")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", link.id)
      .execute();
    const expired = await app.request(`/staff/link/${token}?lang=ru`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("Срок действия ссылки истёк.");
    expect(
      (await app.request(`/staff/link/${token}`, { form: { password: "a brand new password", repeat: "a brand new password" } })).status,
    ).toBe(410);

    // A fresh one works once; the second factor is still asked for.
    const fresh = linkIn(await (await post("/school/staff", admin, { intent: "reset", userId: String(a.id) })).text())!;
    expect(
      (await app.request(`/staff/link/${fresh}`, { form: { password: "a brand new password", repeat: "a brand new password" } })).status,
    ).toBe(302);
    expect(
      (await app.request(`/staff/link/${fresh}`, { form: { password: "another new password", repeat: "another new password" } })).status,
    ).toBe(410);
    const cookie = await pendingCookie(a.email, "a brand new password");
    // (The code of this step was used by the first sign-in above: the helper picks one still unused.)
    expect((await post("/staff/two-factor", cookie, { intent: "verify", code: await totpCodeFor(a.email) })).status).toBe(302);
  });

  it("removes the second factor on a reset only when asked", async () => {
    const a = await makeAccount();
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const withTwoFactor = await post("/school/staff", admin, { intent: "reset", userId: String(a.id), resetTwoFactor: "on" });
    expect(withTwoFactor.status).toBe(200);
    expect(await db.selectFrom("totp_credentials").select("id").where("user_id", "=", a.id).execute()).toHaveLength(0);
    expect(await db.selectFrom("recovery_codes").select("id").where("user_id", "=", a.id).execute()).toHaveLength(0);
    const token = linkIn(await withTwoFactor.text())!;
    expect(
      (await app.request(`/staff/link/${token}`, { form: { password: "after a lost phone", repeat: "after a lost phone" } })).status,
    ).toBe(302);
    const cookie = await pendingCookie(a.email, "after a lost phone");
    expect(await (await get("/staff/two-factor", cookie)).text()).toContain("otpauth://");
  });

  it("shows the school admin their own school's staff only, and nobody else the page", async () => {
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const res = await get("/school/staff?lang=en", admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const email of ["psychologist@demo.senim.kz", "teacher@demo.senim.kz", "teacher2@demo.senim.kz", "school-admin@demo.senim.kz"])
      expect(html, email).toContain(email);
    for (const email of ["psychologist2@demo.senim.kz", "district@demo.senim.kz", "region@demo.senim.kz", "service@demo.senim.kz"])
      expect(html, email).not.toContain(email);
    expect(html).toContain("two-step sign-in on");
    expect(html).toContain('href="/school/staff"');
    expect(html).toContain('href="/staff/account"');

    for (const who of ["psychologist", "teacher", "district", "region"]) {
      const cookie = await signIn(app, `${who}@demo.senim.kz`);
      expect((await get("/school/staff", cookie)).status, who).toBe(403);
      expect((await post("/school/staff", cookie, { intent: "reset", userId: "1" })).status, who).toBe(403);
      const nav = await (await get("/staff/account", cookie)).text();
      expect(nav, who).not.toContain('href="/school/staff"');
      expect(nav, who).toContain('href="/staff/account"');
    }
  });

  it("answers 404 for another school's staff member or an id that is not one, and 400 for oneself", async () => {
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const other = await db.selectFrom("users").select("id").where("email", "=", "psychologist2@demo.senim.kz").executeTakeFirstOrThrow();
    const district = await db.selectFrom("users").select("id").where("email", "=", "district@demo.senim.kz").executeTakeFirstOrThrow();
    const self = await db.selectFrom("users").select("id").where("email", "=", "school-admin@demo.senim.kz").executeTakeFirstOrThrow();
    for (const id of [String(other.id), String(district.id), "99999999", "abc", "0", "-1", "1e3", ""]) {
      expect((await post("/school/staff", admin, { intent: "reset", userId: id })).status, id).toBe(404);
    }
    expect(await db.selectFrom("account_links").select("id").where("user_id", "=", other.id).execute()).toHaveLength(0);
    expect((await passwordStep("psychologist2@demo.senim.kz", DEMO_PASSWORD)).status).toBe(302);
    const selfReset = await post("/school/staff?lang=en", admin, { intent: "reset", userId: String(self.id) });
    expect(selfReset.status).toBe(400);
    expect(await selfReset.text()).toContain("To change your own password, use My account.");
  });

  it("refuses bad invitations with translated 400s", async () => {
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    const cases: Array<[Record<string, string>, string]> = [
      [{ email: "not-an-email", name: "Имя", role: "teacher" }, "Введите правильный адрес электронной почты."],
      [{ email: "psychologist2@demo.senim.kz", name: "Имя", role: "teacher" }, "Учётная запись с такой почтой уже есть."],
      [{ email: "x@test.senim.kz", name: "", role: "teacher" }, "Введите имя сотрудника"],
      [{ email: "y@test.senim.kz", name: "x".repeat(121), role: "teacher" }, "Введите имя сотрудника"],
      [{ email: "z@test.senim.kz", name: "Имя", role: "region_admin" }, "Выберите роль."],
    ];
    for (const [form, message] of cases) {
      const res = await post("/school/staff?lang=ru", admin, { intent: "invite", language: "ru", ...form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text(), JSON.stringify(form)).toContain(message);
    }
    expect(
      await db.selectFrom("users").select("id").where("email", "in", ["x@test.senim.kz", "y@test.senim.kz", "z@test.senim.kz"]).execute(),
    ).toHaveLength(0);
  });

  it("answers unknown or malformed links with a translated 404, never a 500", async () => {
    for (const token of [
      "abc",
      "akmola.short",
      `akmola.${"a".repeat(32)}`,
      `nowhere.${"a".repeat(32)}`,
      `astana.${"a".repeat(32)}`,
      "%00",
      "akmola.%2e%2e",
    ]) {
      const res = await app.request(`/staff/link/${token}?lang=kk`);
      expect(res.status, token).toBe(404);
      expect(await res.text(), token).toContain("Мұндай сілтеме белгісіз.");
      expect(
        (await app.request(`/staff/link/${token}`, { form: { password: "long enough password", repeat: "long enough password" } })).status,
        token,
      ).toBe(404);
    }
  });
});

describe("the test helper", () => {
  it("signs one account in many times a minute", async () => {
    const cookies = [];
    for (let i = 0; i < 4; i++) cookies.push(await signIn(app, "district@demo.senim.kz"));
    for (const cookie of cookies) expect((await get("/district/lessons", cookie)).status).toBe(200);
    expect(await totpCodeFor("district@demo.senim.kz")).toMatch(/^\d{6}$/);
  });
});
