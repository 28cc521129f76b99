import type { Kysely } from "kysely";
import { z } from "zod";
import { findRegion } from "~/content/content";
import { seedServicesFor, serviceKinds } from "~/content/services";
import type { Database, Service } from "../../../db/schema";
import { may, type Actor } from "../policy/policy.server";

/**
 * Gives a region its starting service directory, once: only while it has no services at all,
 * so the region admin's edits and deletions-by-deactivation are never undone. Returns how many
 * were added (0 on every later call: one indexed read, cheap enough for every start-up).
 */
export async function seedRegionServices(db: Kysely<Database>, regionCode: string): Promise<number> {
  const region = findRegion(regionCode);
  if (!region) return 0;
  return db.transaction().execute(async (tx) => {
    const any = await tx.selectFrom("services").select("id").limit(1).executeTakeFirst();
    if (any) return 0;
    const rows = seedServicesFor(region).map((s) => ({
      kind: s.kind,
      name_kk: s.name.kk,
      name_ru: s.name.ru,
      name_en: s.name.en,
      phone: s.phone,
      email: s.email,
      address: s.address,
      confirmed: s.confirmed ? 1 : 0,
      response_days: s.responseDays,
    }));
    await tx.insertInto("services").values(rows).execute();
    return rows.length;
  });
}

const kindOrder = (kind: string) => {
  const i = serviceKinds.findIndex((k) => k.id === kind);
  return i === -1 ? serviceKinds.length : i;
};

/** Services in the content's order of kinds, then by id: the order a person scans them in. */
function byKind<T extends Pick<Service, "kind" | "id">>(services: T[]): T[] {
  return [...services].sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.id - b.id);
}

/** The services of the actor's region that take new referrals. */
export async function activeServices(actor: Actor): Promise<Service[]> {
  return byKind(await actor.db.selectFrom("services").selectAll().where("active", "=", 1).execute());
}

/** The whole directory, inactive services included, for the region admin who keeps it. */
export async function serviceDirectory(actor: Actor): Promise<Service[] | undefined> {
  if (!may(actor, "manage:services:region")) return undefined;
  return byKind(await actor.db.selectFrom("services").selectAll().execute());
}

export type ServiceFields = {
  kind: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  phone: string;
  email: string;
  address: string;
  responseDays: number;
  active: boolean;
  confirmed: boolean;
};

const serviceName = z.string().trim().min(1, { error: "referrals.error.name" }).max(300, { error: "referrals.error.name" });
/** A service as the region admin's form posts it (checkboxes post "yes"); the address is optional, the e-mail too. */
export const serviceFormSchema = z.object({
  kind: z.string().refine((k) => serviceKinds.some((x) => x.id === k), { error: "referrals.error.kind" }),
  nameKk: serviceName,
  nameRu: serviceName,
  nameEn: serviceName,
  phone: z.string().trim().max(40, { error: "referrals.error.phone" }),
  email: z
    .string()
    .trim()
    .pipe(
      z.union([z.literal(""), z.email({ error: "referrals.error.email" }).max(200, { error: "referrals.error.email" })], {
        error: "referrals.error.email",
      }),
    ),
  address: z.string().trim().max(500, { error: "referrals.error.address" }),
  responseDays: z.coerce
    .number({ error: "referrals.error.responseDays" })
    .int({ error: "referrals.error.responseDays" })
    .min(1, { error: "referrals.error.responseDays" })
    .max(60, { error: "referrals.error.responseDays" }),
  active: z.string().transform((v) => v === "yes"),
  confirmed: z.string().transform((v) => v === "yes"),
}) satisfies z.ZodType<ServiceFields>;

function columns(f: ServiceFields) {
  return {
    kind: f.kind,
    name_kk: f.nameKk,
    name_ru: f.nameRu,
    name_en: f.nameEn,
    phone: f.phone,
    email: f.email,
    address: f.address,
    response_days: f.responseDays,
    active: f.active ? 1 : 0,
    confirmed: f.confirmed ? 1 : 0,
  };
}

/** Adds a service to the region's directory; undefined when the actor does not keep it. */
export async function addService(actor: Actor, fields: ServiceFields): Promise<number | undefined> {
  if (!may(actor, "manage:services:region")) return undefined;
  const row = await actor.db.insertInto("services").values(columns(fields)).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Changes a service. Deactivating one only stops new referrals: the ones already sent stay with
 * it and its staff keep answering them. False when the actor does not keep the directory or the id is unknown.
 */
export async function updateService(actor: Actor, serviceId: number, fields: ServiceFields): Promise<boolean> {
  if (!may(actor, "manage:services:region")) return false;
  const result = await actor.db.updateTable("services").set(columns(fields)).where("id", "=", serviceId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
