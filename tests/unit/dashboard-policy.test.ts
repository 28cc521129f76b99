import { describe, expect, it } from "vitest";
import { actorWith } from "../support/actor";
import { may, staffHome, type Actor, type Permission } from "~/domain/policy/policy.server";
import { parseDashboardQuery } from "~/domain/dashboards/dashboard-filters";

// Dashboards, surveys and the national view in the policy: who may see which aggregates.
const actor = actorWith;
const permissions: Permission[] = ["read:dashboard:district", "read:dashboard:region", "open:survey:school", "read:national"];
const granted = (a: Actor) => permissions.filter((p) => may(a, p));

describe("dashboard, survey and national permissions", () => {
  it("gives dashboards to officials by their scope, surveys to psychologists, the national view to the ministry only", () => {
    expect(granted(actor("district_official", { district: 2 }))).toEqual(["read:dashboard:district"]);
    expect(granted(actor("district_official"))).toEqual([]); // no district, no dashboard
    expect(granted(actor("region_admin"))).toEqual(["read:dashboard:region"]);
    expect(granted(actor("psychologist", { school: 3, district: 1 }))).toEqual(["open:survey:school"]);
    expect(granted(actor("national"))).toEqual(["read:national"]);
    for (const role of ["teacher", "school_admin", "service"] as const) expect(granted(actor(role, { school: 3, service: 1 }))).toEqual([]);
    expect(staffHome("national")).toBe("/national");
  });

  it("reads the dashboard's query string strictly: twelve months by default, at most five years, nothing unknown", () => {
    expect(parseDashboardQuery(new URLSearchParams(), "2026-11-23")).toEqual({
      filters: { from: "2025-12", to: "2026-11" },
      order: { sort: "attention", dir: "desc" },
    });
    expect(
      parseDashboardQuery(new URLSearchParams("from=2022-01&to=2026-12&band=upper&locality=rural&language=uz&sort=name"), "2026-11-23")
        ?.filters,
    ).toMatchObject({ from: "2022-01", to: "2026-12", band: "upper", locality: "rural", language: "uz" });
    for (const q of ["from=2021-12&to=2026-12", "to=2026-00", "district=-1", "language=xx", "dir=up", "from=2026-05&to=2026-04"])
      expect(parseDashboardQuery(new URLSearchParams(q), "2026-11-23"), q).toBeUndefined();
  });
});
