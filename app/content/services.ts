import servicesJson from "../../content/services.json";
import type { Localized, Region } from "./content";
import type { ServiceContent, ServiceKind } from "./schemas.server";

export type { ServiceKind } from "./schemas.server";

/** The kinds of services a school refers to and the directory every region starts with: data in content/services.json, checked at start-up (schemas.server.ts). */
export const serviceContent = servicesJson as ServiceContent;
export const serviceKinds: ServiceKind[] = serviceContent.kinds;

export function serviceKind(id: string): ServiceKind | undefined {
  return serviceKinds.find((k) => k.id === id);
}

export type SeedService = {
  kind: string;
  name: Localized;
  phone: string;
  email: string;
  address: string;
  confirmed: boolean;
  responseDays: number;
};

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
