import regionsJson from "../content/regions.json";

// The region files db/ may open. db/ reads the data folder itself rather than the app's content
// module, so the layer under the domain imports nothing of the app; the content module's schema
// still checks every region (names, school-code prefixes) when the app starts.
export const REGION_CODES: readonly string[] = regionsJson.map((r) => {
  if (!/^[a-z-]+$/.test(r.code)) throw new Error(`content/regions.json: a bad region code ${JSON.stringify(r.code)}`);
  return r.code;
});

export function isRegionCode(code: string): boolean {
  return REGION_CODES.includes(code);
}
