import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { en } from "~/i18n/en";
import { signIn, startTestApp, type TestApp } from "../support/app";
import { html } from "../support/html";

let app: TestApp;
let db: RegionDb;
const cookies: Record<string, string> = {};
const post = (who: string, form: Record<string, string>) =>
  app.request("/region/schools?lang=en", { headers: { cookie: cookies[who]! }, form });
const upload = (who: string, csv: string) => {
  const form = new FormData();
  form.append("intent", "import");
  form.append("file", new File([csv], "schools.csv", { type: "text/csv" }));
  return app.request("/region/schools?lang=en", { method: "POST", headers: { cookie: cookies[who]! }, body: form });
};
const body = async (res: Response) => (await res.text()).replaceAll("\0", "");
const schoolsNamed = (ru: string) => db.selectFrom("schools").selectAll().where("name_ru", "=", ru).execute();
let districtId = 0;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  for (const who of ["region", "school-admin", "district"]) cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
});
afterAll(() => app.stop());

describe("a region admin sets up districts and schools without a developer", () => {
  it("adds a district; a missing name or a name taken gets words and a 400", async () => {
    const names = { nameKk: "Зеренді ауданы", nameRu: "Зерендинский район", nameEn: "Zerendi District" };
    expect((await post("region", { intent: "district", ...names })).status).toBe(200);
    districtId = (await db.selectFrom("districts").select("id").where("name_ru", "=", "Зерендинский район").executeTakeFirstOrThrow()).id;
    const again = await post("region", { intent: "district", ...names, nameRu: "  зерендинский   район " });
    expect(again.status).toBe(400);
    expect(await body(again)).toContain(html(en["onboarding.error.duplicate"]));
    const missing = await post("region", { intent: "district", ...names, nameEn: " " });
    expect(missing.status).toBe(400);
    expect(await body(missing)).toContain(html(en["onboarding.error.names"]));
  });

  it("adds a school with a fresh permanent code whose poster address takes reports at once", async () => {
    const res = await post("region", {
      intent: "school",
      districtId: String(districtId),
      nameKk: "Зеренді №1 мектебі",
      nameRu: "Школа №1 Зеренды",
      nameEn: "Zerendi School 1",
      locality: "rural",
    });
    expect(res.status).toBe(200);
    const [school] = await schoolsNamed("Школа №1 Зеренды");
    expect(school).toMatchObject({ district_id: districtId, locality: "rural" });
    expect(school!.code).toMatch(/^AK[2-9A-HJKMNP-Z]{4}$/);
    expect(await body(res)).toContain(`/r/AK-${school!.code.slice(2)}`);
    expect((await app.request(`/r/${school!.code}`)).status).toBe(200);
    expect(
      (await post("region", { intent: "school", districtId: "999999", nameKk: "X", nameRu: "Y", nameEn: "Z", locality: "urban" })).status,
    ).toBe(400);
    expect(
      (await post("region", { intent: "school", districtId: String(districtId), nameKk: "X", nameRu: "Y", nameEn: "Z", locality: "moon" }))
        .status,
    ).toBe(400);
  });

  it("imports schools from CSV (BOM, semicolons, the district by name or number) in one go", async () => {
    const csv = `\uFEFFdistrict;name_kk;name_ru;name_en;locality\nзерендинский район;Зеренді №2 мектебі;Школа №2 Зеренды;Zerendi School 2;urban\n${districtId};"Зеренді №3 мектебі; шағын";"Школа №3 Зеренды; малокомплектная";Zerendi School 3;RURAL\n`;
    const res = await upload("region", csv);
    expect(res.status).toBe(200);
    expect(await schoolsNamed("Школа №2 Зеренды")).toHaveLength(1);
    expect(await schoolsNamed("Школа №3 Зеренды; малокомплектная")).toMatchObject([{ locality: "rural", district_id: districtId }]);
  });

  it("reports every bad line of a CSV by its number and then imports nothing", async () => {
    const before = (await db.selectFrom("schools").select("id").execute()).length;
    const csv = [
      "district,name_kk,name_ru,name_en,locality",
      "Зерендинский район,А,Школа №4 Зеренды,School 4,urban",
      "Нет такого района,Б,Школа №5,School 5,urban",
      "Зерендинский район,,Школа №6,School 6,urban",
      "Зерендинский район,В,Школа №2 Зеренды,School 2 again,urban",
      "Зерендинский район,Г,Школа №7,School 7,city",
      "too,few",
    ].join("\n");
    const res = await upload("region", csv);
    expect(res.status).toBe(400);
    const page = await body(res);
    for (const [line, problem] of [
      [3, "district"],
      [4, "names"],
      [5, "duplicate"],
      [6, "locality"],
      [7, "columns"],
    ] as const) {
      expect(page).toContain(
        html(en["onboarding.lineProblem"].replace("{line}", String(line)).replace("{problem}", en[`onboarding.error.${problem}`])),
      );
    }
    expect((await db.selectFrom("schools").select("id").execute()).length).toBe(before);
    expect((await upload("region", "name,district\nx,y")).status).toBe(400);
    // Saved by Excel in a Russian locale (CP1251): refused with a word on the encoding, not imported as garbage.
    const form = new FormData();
    form.append("intent", "import");
    form.append(
      "file",
      new File(
        [Buffer.from("district,name_kk,name_ru,name_en,locality\n1,\xca\xee,\xd8\xea\xee\xeb\xe0,School,urban\n", "latin1")],
        "cp1251.csv",
        { type: "text/csv" },
      ),
    );
    const cp1251 = await app.request("/region/schools?lang=en", { method: "POST", headers: { cookie: cookies.region! }, body: form });
    expect(cp1251.status).toBe(400);
    expect(await body(cp1251)).toContain(
      html(en["onboarding.lineProblem"].replace("{line}", "1").replace("{problem}", en["onboarding.error.encoding"])),
    );
    expect((await db.selectFrom("schools").select("id").execute()).length).toBe(before);
  });

  it("invites a school's first administrator by a one-time link", async () => {
    const [school] = await schoolsNamed("Школа №1 Зеренды");
    const res = await post("region", {
      intent: "invite",
      schoolId: String(school!.id),
      email: "Director@Zerendi.kz",
      name: "Асқар Директоров",
      language: "kk",
    });
    expect(res.status).toBe(200);
    const link = /<code>(http[^<]+)<\/code>/.exec(await body(res))![1]!;
    expect((await app.request(new URL(link).pathname)).status).toBe(200);
    expect(
      await db.selectFrom("users").select(["role", "school_id"]).where("email", "=", "director@zerendi.kz").executeTakeFirstOrThrow(),
    ).toEqual({ role: "school_admin", school_id: school!.id });
    const taken = await post("region", {
      intent: "invite",
      schoolId: String(school!.id),
      email: "director@zerendi.kz",
      name: "Снова",
      language: "kk",
    });
    expect(taken.status).toBe(400);
    expect(await body(taken)).toContain(html(en["accounts.invite.error.taken"]));
    expect((await post("region", { intent: "invite", schoolId: "999999", email: "x@y.kz", name: "X", language: "kk" })).status).toBe(400);

    // The invitation ran out unused: the region admin makes a new link, and the old one stops working.
    const admin = await db.selectFrom("users").select("id").where("email", "=", "director@zerendi.kz").executeTakeFirstOrThrow();
    const listed = await body(await app.request("/region/schools?lang=en", { headers: { cookie: cookies.region! } }));
    expect(listed).toContain(html(en["onboarding.invitedOnly"]));
    const renewed = await post("region", { intent: "renew", userId: String(admin.id) });
    expect(renewed.status).toBe(200);
    const newLink = /<code>(http[^<]+)<\/code>/.exec(await body(renewed))![1]!;
    expect(newLink).not.toBe(link);
    expect((await app.request(new URL(newLink).pathname)).status).toBe(200);
    expect((await app.request(new URL(link).pathname)).status).not.toBe(200);
    // Only a school admin's account, and only for the region admin.
    const teacher = await db.selectFrom("users").select("id").where("email", "=", "teacher@demo.senim.kz").executeTakeFirstOrThrow();
    expect((await post("region", { intent: "renew", userId: String(teacher.id) })).status).toBe(404);
  });

  it("is the region admin's alone", async () => {
    for (const who of ["school-admin", "district"]) {
      expect((await app.request("/region/schools", { headers: { cookie: cookies[who]! } })).status, who).toBe(403);
      expect((await post(who, { intent: "district", nameKk: "A", nameRu: "B", nameEn: "C" })).status, who).toBe(403);
    }
  });
});
