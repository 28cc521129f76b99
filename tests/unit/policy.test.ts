import { describe, expect, it } from "vitest";
import { actorWith } from "../support/actor";
import { may, PERMISSIONS, staffHome, type Actor, type Permission } from "~/domain/policy/policy.server";

// may() decides from the account alone; the database is not consulted.
const actor = actorWith;

const all: readonly Permission[] = PERMISSIONS;
const granted = (a: Actor) => all.filter((p) => may(a, p));

describe("policy", () => {
  it("lets only the school psychologist read, answer and close children's reports", () => {
    expect(granted(actor("psychologist", { school: 3, district: 1 }))).toEqual([
      "read:report:school",
      "reply:report:school",
      "update:report:school",
      "log:lesson:school",
      "read:lessons:school",
      "work:case:school",
      "do:task:school",
      "acknowledge:urgent:school",
      "open:survey:school",
    ]);
    for (const role of ["teacher", "school_admin", "district_official", "region_admin"] as const) {
      expect(
        granted(actor(role, { school: 3, district: 1 })).filter((p) => p.includes(":report:")),
        role,
      ).toEqual([]);
    }
  });

  it("gives teachers the lesson log, school admins the school's setup, officials aggregates only", () => {
    expect(granted(actor("teacher", { school: 3 }))).toEqual(["log:lesson:school", "read:lessons:school", "do:task:school"]);
    expect(granted(actor("school_admin", { school: 3 }))).toEqual([
      "log:lesson:school",
      "read:lessons:school",
      "manage:school:school",
      "do:task:school",
      "manage:staff:school",
      "read:audit:school",
    ]);
    expect(granted(actor("district_official", { district: 1 }))).toEqual([
      "read:coverage:district",
      "read:referral-delays:district",
      "manage:duty:district",
      "read:urgent:district",
      "read:dashboard:district",
      "confirm:reading:district",
    ]);
    expect(granted(actor("region_admin"))).toEqual([
      "read:coverage:region",
      "manage:services:region",
      "read:referral-delays:region",
      "read:audit:region",
      "read:urgent:region",
      "handoff:urgent:region",
      "manage:schools:region",
      "read:dashboard:region",
      "confirm:reading:region",
    ]);
  });

  it("gives a psychologist waiting for the district's confirmation nothing of children's words (four eyes)", () => {
    const waiting = actor("psychologist", { school: 3, district: 1 });
    waiting.user.reading_confirmed_at = null;
    expect(granted(waiting)).toEqual(["log:lesson:school", "read:lessons:school", "do:task:school", "open:survey:school"]);
  });

  it("lets teachers and admins on the school's anti-bullying team work on cases, and nobody else", () => {
    expect(may(actor("teacher", { school: 3, team: true }), "work:case:school")).toBe(true);
    expect(may(actor("school_admin", { school: 3, team: true }), "work:case:school")).toBe(true);
    expect(may(actor("teacher", { school: 3 }), "work:case:school")).toBe(false);
    expect(may(actor("district_official", { district: 1, team: true }), "work:case:school")).toBe(false);
    expect(may(actor("region_admin", { team: true }), "work:case:school")).toBe(false);
    expect(may(actor("service", { service: 4, team: true }), "work:case:school")).toBe(false);
  });

  it("gives service staff their referrals only, and only with a service on the account", () => {
    expect(granted(actor("service", { service: 4 }))).toEqual(["answer:referral:service"]);
    expect(granted(actor("service"))).toEqual([]);
  });

  it("lets only a school admin manage staff accounts, and only with a school", () => {
    for (const role of ["psychologist", "teacher", "district_official", "region_admin", "service"] as const) {
      expect(may(actor(role, { school: 3, district: 1, service: 4, team: true }), "manage:staff:school"), role).toBe(false);
    }
    expect(may(actor("school_admin", { school: 3 }), "manage:staff:school")).toBe(true);
    expect(may(actor("school_admin"), "manage:staff:school")).toBe(false);
  });

  it("grants nothing scoped to a school or district the account does not have", () => {
    expect(granted(actor("psychologist"))).toEqual([]);
    expect(granted(actor("district_official"))).toEqual([]);
  });

  it("sends every role to a start page of its own", () => {
    expect(staffHome("psychologist")).toBe("/school/reports");
    expect(staffHome("teacher")).toBe("/school/lessons");
    expect(staffHome("school_admin")).toBe("/school/programmes");
    expect(staffHome("district_official")).toBe("/district/dashboard");
    expect(staffHome("region_admin")).toBe("/district/dashboard");
    expect(staffHome("service")).toBe("/service/referrals");
  });
});
