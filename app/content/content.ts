import regionsJson from "../../content/regions.json";
import hotlinesJson from "../../content/hotlines.json";
import reportOptionsJson from "../../content/report-options.json";
import type { Hotline, Region, ReportOptions } from "./schemas.server";

export type { Localized, Region, ReportOption } from "./schemas.server";

// Plain data, as pages need it: the server checked these files against their schemas as it
// started (schemas.server.ts), so zod stays off the phone.
export const regions = regionsJson as Region[];
export const hotlines = hotlinesJson as Hotline[];
export const reportOptions = reportOptionsJson as ReportOptions;

export function findRegion(code: string): Region | undefined {
  return regions.find((r) => r.code === code);
}
