import { z } from "zod";
import servicesJson from "../../content/services.json";
import { localized, uniqueIds, type Localized, type Region } from "./content";

const kindSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  label: localized,
  /** Working days a new service of this kind gets to accept or decline; the region admin can change it per service. */
  responseDays: z.number().int().min(1).max(60),
});

const servicesSchema = z
  .object({
    kinds: z.array(kindSchema).min(1).refine(uniqueIds, "duplicate service kind"),
    /** Every region's starting directory; `{region}` in a name becomes the region's name. */
    seed: z
      .array(
        z.object({
          kind: z.string(),
          name: localized,
          phone: z.string().max(40).optional(),
          email: z.email().optional(),
          address: z.string().max(500).optional(),
          /** Whether a person checked these contact details; seeded ones default to not. */
          confirmed: z.boolean().optional(),
        }),
      )
      .min(1),
  })
  .refine((c) => c.seed.every((s) => c.kinds.some((k) => k.id === s.kind)), "a seed service names an unknown kind");

/** The kinds of services a school refers to and the directory every region starts with: data in content/services.json. */
export const serviceContent = servicesSchema.parse(servicesJson);
export type ServiceKind = z.infer<typeof kindSchema>;
export const serviceKinds: ServiceKind[] = serviceContent.kinds;

export function serviceKind(id: string): ServiceKind | undefined {
  return serviceKinds.find((k) => k.id === id);
}

export type SeedService = { kind: string; name: Localized; phone: string; email: string; address: string; confirmed: boolean; responseDays: number };

/** The starting directory of one region, names filled in with the region's name in each language. */
export function seedServicesFor(region: Region): SeedService[] {
  return serviceContent.seed.map((s) => ({
    kind: s.kind,
    name: {
      kk: s.name.kk.replaceAll("{region}", region.name.kk),
      ru: s.name.ru.replaceAll("{region}", region.name.ru),
      en: s.name.en.replaceAll("{region}", region.name.en),
    },
    phone: s.phone ?? "",
    email: s.email ?? "",
    address: s.address ?? "",
    confirmed: s.confirmed ?? false,
    responseDays: serviceKind(s.kind)!.responseDays,
  }));
}
