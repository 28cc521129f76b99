import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { dictionaries } from "~/i18n/dictionary";
import { signIn, startTestApp, type TestApp } from "../support/app";
import { html } from "../support/html";

// A page carries its own language's messages and no other's (issue #14); pages the root loader
// never reached still speak, from the server's dictionaries.
let app: TestApp;
let cookie = "";
const text = async (res: Response) => (await res.text()).replaceAll("\0", "");

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  cookie = await signIn(app, "psychologist@demo.senim.kz");
});
afterAll(() => app.stop());

describe("one language per page", () => {
  it("a hydrated staff page holds its language's messages and not the other two", async () => {
    for (const [lang, others] of [
      ["ru", ["kk", "en"]],
      ["kk", ["ru", "en"]],
    ] as const) {
      const res = await app.request(`/school/reports?lang=${lang}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const page = await text(res);
      expect(page).toMatch(/<script\b/);
      expect(page, lang).toContain(dictionaries[lang]["error.500"]);
      for (const other of others) expect(page, `${lang} page with ${other}`).not.toContain(dictionaries[other]["error.500"]);
    }
  });

  it("a page no route matches is worded in the asked language, without scripts", async () => {
    for (const [lang, headers] of [
      ["ru", {}],
      ["en", { "accept-language": "en" }],
    ] as const) {
      const res = await app.request(lang === "ru" ? "/no-such-page?lang=ru" : "/no-such-page", { headers });
      expect(res.status).toBe(404);
      const page = await text(res);
      expect(page).toContain(`lang="${lang}"`);
      expect(page).toContain(html(dictionaries[lang]["error.404"]));
      expect(page).not.toMatch(/<script\b/);
    }
  });

  it("a page sent without scripts carries its titles, not the messages no script would read", async () => {
    for (const lang of ["kk", "ru"] as const) {
      const res = await app.request(`/r/AK7K3M?lang=${lang}`);
      expect(res.status).toBe(200);
      const page = await text(res);
      expect(page).not.toMatch(/<script\b(?![^>]*type="application\/ld)/);
      expect(page).toContain(`<title>${html(dictionaries[lang]["report.title"])} · Senim</title>`);
      // A staff-only message (the inbox's error page) is in a hydrated page's data, never here.
      expect(page).not.toContain(dictionaries[lang]["error.500"]);
      expect(page).toContain(html(dictionaries[lang]["report.who"]));
    }
  });
});
