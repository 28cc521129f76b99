import { schoolNowIso } from "../calendar/local-date";
import { may, schoolsVisibleTo, type Actor } from "../policy/policy.server";
import { PLACE_LABEL_MAX } from "./poster-place";
import { siteUrl } from "../site-url";
import { qrCodePath } from "./qr-code";

export type Poster = {
  code: string;
  names: { kk: string; ru: string; en: string };
  place: string | null;
  url: string;
  qr: { size: number; d: string };
};

/** The address a poster prints: the school's report page, naming the place when there is one. */
function posterAddress(origin: string, code: string, placeId: number | null): string {
  const url = siteUrl(`/r/${code}`, origin);
  if (placeId !== null) url.searchParams.set("p", String(placeId));
  return url.toString();
}

/** The places of the actor's school that have posters of their own (buildings, floors). */
export async function posterPlaces(actor: Actor) {
  if (actor.user.school_id === null) return [];
  return actor.db.selectFrom("poster_places").select(["id", "label"]).where("school_id", "=", actor.user.school_id).orderBy("id").execute();
}

export type PlaceChange = { ok: true; id: number } | { ok: false; problem: "label" | "forbidden" };

export async function addPosterPlace(actor: Actor, label: string): Promise<PlaceChange> {
  if (!may(actor, "manage:school:school")) return { ok: false, problem: "forbidden" };
  const clean = label.normalize("NFC").replace(/\s+/g, " ").trim();
  if (clean === "" || [...clean].length > PLACE_LABEL_MAX) return { ok: false, problem: "label" };
  const row = await actor.db
    .insertInto("poster_places")
    .values({ school_id: actor.user.school_id!, label: clean, created_at: schoolNowIso() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

/**
 * Posters the actor may print: their school's (staff of a school), their district's or the whole
 * region's (officials), one per school, or one per place when `placeId` names one of the school's.
 * Undefined when the school or place is not theirs.
 */
export async function postersFor(
  actor: Actor,
  origin: string,
  scope: { schoolId?: number; placeId?: number } = {},
): Promise<Poster[] | undefined> {
  let schools = schoolsVisibleTo(actor)
    .select(["schools.id", "schools.code", "schools.name_kk", "schools.name_ru", "schools.name_en"])
    .orderBy("schools.name_ru");
  if (scope.schoolId !== undefined) schools = schools.where("schools.id", "=", scope.schoolId);
  const rows = await schools.execute();
  if (rows.length === 0) return scope.schoolId !== undefined ? undefined : [];
  let place: { id: number; label: string } | undefined;
  if (scope.placeId !== undefined) {
    if (rows.length !== 1) return undefined;
    place = await placeOfSchool({ db: actor.db, school: rows[0]! }, scope.placeId);
    if (!place) return undefined;
  }
  return rows.map((s) => {
    const url = posterAddress(origin, s.code, place?.id ?? null);
    return { code: s.code, names: { kk: s.name_kk, ru: s.name_ru, en: s.name_en }, place: place?.label ?? null, url, qr: qrCodePath(url) };
  });
}

/** The place a poster's QR code named, if it is one of this school's (a school found by its code, say). */
/** The poster place of that id, if it is one of this school's; no id (see `posterPlaceId`) is no place. */
export async function placeOfSchool({ db, school }: { db: Actor["db"]; school: { id: number } }, placeId: number | null) {
  if (placeId === null) return undefined;
  return db
    .selectFrom("poster_places")
    .select(["id", "label"])
    .where("id", "=", placeId)
    .where("school_id", "=", school.id)
    .executeTakeFirst();
}
