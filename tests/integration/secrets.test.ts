import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { createStaffAccount } from "~/domain/auth/staff-accounts.server";
import { decodeTotpSecret, enrolKnownSecret, newTotpSecret, totpCodeAt, totpStep } from "~/domain/auth/two-factor.server";
import { sessionCookieFrom, signIn, startTestApp, type TestApp } from "../support/app";

// Issue #13 through the real handler: redirects stay on this site, and a session alone cannot
// take over an account's second factor.
let app: TestApp;
let db: RegionDb;
beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
});
afterAll(() => app.stop());

const HOSTILE = [
  "//x.example",
  "/\\x.example",
  "/.//x.example",
  "/./\\x.example",
  "%2F%2Fx.example",
  "\\/x.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "/\t/x.example",
  "/\n/x.example",
  "/%09/x.example",
  "%5C%5Cx.example",
  "/%5C/x.example",
  "%252F%252Fx.example",
  "https://x.example",
  "http:x.example",
  "  //x.example",
  "/../../x.example",
  "///x.example",
];

/** A Location a browser resolves to this site: a path that names no other host. */
function sameOrigin(location: string | null): boolean {
  if (!location) return false;
  const base = "http://senim.test";
  return /^\/(?![/\\])/.test(location) && new URL(location, base).origin === base;
}

describe("redirects after sign-in", () => {
  it("go only to paths of this site, whatever `next` holds (signed in, the sign-in page, the two-step page)", async () => {
    const admin = await signIn(app, "school-admin@demo.senim.kz");
    for (const next of HOSTILE) {
      const q = `next=${encodeURIComponent(next)}`;
      const signedIn = await app.request(`/staff/sign-in?${q}`, { headers: { cookie: admin } });
      expect(signedIn.status, next).toBe(302);
      expect(sameOrigin(signedIn.headers.get("location")), `${next} → ${signedIn.headers.get("location")}`).toBe(true);
    }
    // The password step (a teacher goes straight on) and the two-step page's "continue".
    const teacherPassword = "teacher password 1234";
    await createStaffAccount({
      region: "akmola",
      email: "redirect-teacher@test.senim.kz",
      password: teacherPassword,
      role: "teacher",
      displayName: "T",
      schoolCode: "AK7K3M",
    });
    for (const next of HOSTILE) {
      const q = `next=${encodeURIComponent(next)}`;
      const posted = await app.request(`/staff/sign-in?${q}`, {
        form: { email: "redirect-teacher@test.senim.kz", password: teacherPassword },
      });
      expect(posted.status, next).toBe(302);
      expect(sameOrigin(posted.headers.get("location")), `${next} → ${posted.headers.get("location")}`).toBe(true);
      const page = await (await app.request(`/staff/two-factor?${q}`, { headers: { cookie: sessionCookieFrom(posted) } })).text();
      const hrefs = [...page.matchAll(/class="button" href="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
      for (const href of hrefs) expect(sameOrigin(href), `${next} → ${href}`).toBe(true);
    }
    // A path of this site is kept.
    const kept = await app.request(`/staff/sign-in?next=${encodeURIComponent("/school/reports?x=1")}`, { headers: { cookie: admin } });
    expect(kept.headers.get("location")).toBe("/school/reports?x=1");
  });
});

describe("step-up before the second factor changes", () => {
  const PASSWORD = "a long enough password";
  async function account(n: number) {
    const email = `stepup-${n}@test.senim.kz`;
    const id = await createStaffAccount({
      region: "akmola",
      email,
      password: PASSWORD,
      role: "psychologist",
      displayName: `S ${n}`,
      schoolCode: "AK7K3M",
    });
    const secret = newTotpSecret();
    await enrolKnownSecret(db, id, secret, new Date());
    const first = await app.request("/staff/sign-in", { form: { email, password: PASSWORD } });
    const cookie = sessionCookieFrom(first);
    expect(
      (
        await app.request("/staff/two-factor", {
          headers: { cookie },
          form: { intent: "verify", code: totpCodeAt(secret, totpStep(new Date())) },
        })
      ).status,
    ).toBe(302);
    return { id, cookie, secret };
  }
  const post = (cookie: string, form: Record<string, string>) => app.request("/staff/account?lang=ru", { headers: { cookie }, form });

  it("refuses new recovery codes without the password or a current code, with words, and makes them with either", async () => {
    const a = await account(1);
    const before = await db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", a.id).execute();
    const bare = await post(a.cookie, { intent: "new-recovery-codes" });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("введите пароль или текущий код");
    const wrong = await post(a.cookie, { intent: "new-recovery-codes", proof: "not my password" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Ничего не изменено.");
    expect(await db.selectFrom("recovery_codes").select("code_hash").where("user_id", "=", a.id).execute()).toEqual(before);
    expect((await post(a.cookie, { intent: "new-recovery-codes", proof: PASSWORD })).status).toBe(200);
    expect((await post(a.cookie, { intent: "new-recovery-codes", proof: totpCodeAt(a.secret, totpStep(new Date()) + 1) })).status).toBe(
      200,
    );
  });

  it("does not move the authenticator to another phone on a session alone", async () => {
    const a = await account(2);
    const started = await post(a.cookie, { intent: "start-two-factor" });
    const key = /<code class="totp-key">([A-Z2-7 ]+)<\/code>/.exec(await started.text())?.[1];
    const other = decodeTotpSecret(key!)!;
    const bare = await post(a.cookie, { intent: "confirm-two-factor", code: totpCodeAt(other, totpStep(new Date())) });
    expect(bare.status).toBe(400);
    const stored = await db
      .selectFrom("totp_credentials")
      .select("id")
      .where("user_id", "=", a.id)
      .where("confirmed_at", "is not", null)
      .execute();
    expect(stored).toHaveLength(1);
    const moved = await post(a.cookie, { intent: "confirm-two-factor", code: totpCodeAt(other, totpStep(new Date())), proof: PASSWORD });
    expect(moved.status).toBe(200);
  });

  it("counts wrong answers toward the account's lock, as sign-in does", async () => {
    const a = await account(3);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await post(a.cookie, { intent: "new-recovery-codes", proof: `wrong ${i}` })).status);
    expect(answers).toEqual([400, 400, 400, 400, 400, 429]);
  });
});
