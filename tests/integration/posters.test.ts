import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDb, type RegionDb } from "../../db/regions.server";
import { seedDemoRegion } from "../../scripts/seed-demo";
import { qrCodePath } from "~/domain/posters/qr-code";
import { en } from "~/i18n/en";
import { kk } from "~/i18n/kk";
import { ru } from "~/i18n/ru";
import { signIn, startTestApp, validReport, type TestApp } from "../support/app";
import { html } from "../support/html";

let app: TestApp;
let db: RegionDb;
const cookies: Record<string, string> = {};
const get = (who: string, path: string) => app.request(path, { headers: { cookie: cookies[who]! } });
const post = (who: string, path: string, form: Record<string, string>) => app.request(path, { headers: { cookie: cookies[who]! }, form });
const text = async (res: Response) => (await res.text()).replaceAll("\0", "");
let place = 0;
let otherPlace = 0;

beforeAll(async () => {
  app = await startTestApp();
  await seedDemoRegion();
  db = (await regionDb("akmola"))!;
  for (const who of ["psychologist", "teacher", "school-admin", "district", "psychologist2"])
    cookies[who] = await signIn(app, `${who}@demo.senim.kz`);
  const other = await db.selectFrom("schools").select("id").where("code", "=", "AK4P9T").executeTakeFirstOrThrow();
  otherPlace = (
    await db
      .insertInto("poster_places")
      .values({ school_id: other.id, label: "Другая школа", created_at: "2026-11-01T00:00:00Z" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => app.stop());

describe("posters", () => {
  it("lets the school admin add a building or floor, with words for a bad name, and nobody else", async () => {
    const bad = await post("school-admin", "/school/posters?lang=en", { label: "   " });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain(html(en["posters.error.label"].replace("{max}", "60")));
    expect((await post("teacher", "/school/posters", { label: "Корпус 9" })).status).toBe(403);
    // Text that only looks sealed is an ordinary label, shown as typed.
    expect((await post("school-admin", "/school/posters", { label: "sealed:v1:k1:AAAA" })).status).toBe(302);
    expect(await text(await get("school-admin", "/school/posters"))).toContain("sealed:v1:k1:AAAA");
    const added = await post("school-admin", "/school/posters", { label: "  Корпус 2,   3 этаж " });
    expect(added.status).toBe(302);
    place = Number(/added=(\d+)/.exec(added.headers.get("location")!)![1]);
    expect(await db.selectFrom("poster_places").select("label").where("id", "=", place).executeTakeFirstOrThrow()).toEqual({
      label: "Корпус 2, 3 этаж",
    });
    expect(await text(await get("teacher", "/school/posters"))).toContain(
      html(ru["posters.printPlace"].replace("{place}", "Корпус 2, 3 этаж")),
    );
  });

  it("prints the school's A4 poster in Kazakh and Russian: QR code of its address, the code in large type, the help numbers", async () => {
    const res = await get("psychologist", "/staff/posters");
    expect(res.status).toBe(200);
    const page = await text(res);
    const url = "http://localhost/r/AK7K3M";
    expect(page).toContain(`aria-label="${url}"`);
    expect(page).toContain(`d="${qrCodePath(url).d}"`);
    expect(page).toContain("AK-7K3M");
    for (const s of [kk["home.title"], ru["home.title"], kk["posters.poster.schoolCode"], ru["posters.poster.schoolCode"]])
      expect(page).toContain(html(s));
    for (const n of ["111", "112", "150"]) expect(page).toContain(`<strong>${n}</strong>`);
    expect(page.match(/<article class="poster"/g)).toHaveLength(1);
  });

  it("prints a place's poster whose QR code names the place, and refuses another school's place", async () => {
    const page = await text(await get("school-admin", `/staff/posters?place=${place}`));
    const url = `http://localhost/r/AK7K3M?p=${place}`;
    expect(page).toContain(`d="${qrCodePath(url).d}"`);
    expect(page).toContain("Корпус 2, 3 этаж");
    expect((await get("school-admin", `/staff/posters?place=${otherPlace}`)).status).toBe(404);
    expect((await get("psychologist2", `/staff/posters?place=${place}`)).status).toBe(404);
  });

  it("prints all of a district's schools in one go, and no school of another district", async () => {
    const schools = await db.selectFrom("schools").select(["id", "code", "district_id"]).execute();
    const own = schools.filter((s) => s.district_id === 1);
    const elsewhere = schools.find((s) => s.district_id !== 1)!;
    const page = await text(await get("district", "/staff/posters"));
    expect(page.match(/<article class="poster"/g)).toHaveLength(own.length);
    for (const s of own) expect(page).toContain(`/r/${s.code}"`);
    expect(page).not.toContain(`/r/${elsewhere.code}"`);
    expect((await get("district", `/staff/posters?school=${elsewhere.id}`)).status).toBe(404);
  });

  it("tags a report sent from a place's poster, shown to the psychologist; a stale or foreign place is dropped, never refused", async () => {
    const form = await text(await app.request(`/r/AK7K3M?p=${place}`));
    expect(form).toContain(`<input type="hidden" name="place" value="${place}"/>`);
    expect(await text(await app.request(`/r/AK7K3M?p=${otherPlace}`))).not.toContain('name="place"');
    expect(
      (await app.request("/r/AK7K3M", { form: { ...validReport, description: "С плаката этажа", place: String(place) } })).status,
    ).toBe(200);
    expect(
      (await app.request("/r/AK7K3M", { form: { ...validReport, description: "С чужого плаката", place: String(otherPlace) } })).status,
    ).toBe(200);
    expect((await app.request("/r/AK7K3M", { form: { ...validReport, description: "С битым кодом", place: "abc" } })).status).toBe(200);
    const rows = await db.selectFrom("reports").select(["id", "description", "poster_place_id"]).orderBy("id", "desc").limit(3).execute();
    expect(rows.map((r) => [r.description, r.poster_place_id])).toEqual([
      ["С битым кодом", null],
      ["С чужого плаката", null],
      ["С плаката этажа", place],
    ]);
    const view = await text(await get("psychologist", `/school/reports/${rows[2]!.id}?lang=ru`));
    expect(view).toContain(html(ru["posters.fromPlace"].replace("{place}", "Корпус 2, 3 этаж")));
  });
});
