import { afterEach, describe, expect, it, vi } from "vitest";

// The clock reads its environment when the module loads, as a server process does at start.
async function clockWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("~/domain/calendar/local-date");
}

afterEach(() => vi.unstubAllEnvs());

describe("the school clock", () => {
  it("SENIM_NOW starts at a Kazakhstan time of day and runs on", async () => {
    const { schoolNow, localHourOf, localToday } = await clockWith({ SENIM_NOW: "2026-12-02T22:00", SENIM_TODAY: "2026-11-23" });
    const first = schoolNow();
    expect(first.toISOString().slice(0, 16)).toBe("2026-12-02T17:00");
    expect(localHourOf(first)).toBe(22);
    expect(localToday()).toBe("2026-12-02");
    await new Promise((r) => setTimeout(r, 20));
    expect(schoolNow().getTime()).toBeGreaterThan(first.getTime());
  });

  it("SENIM_TODAY alone pins the day and keeps the real time of day", async () => {
    const { schoolNow, localDateOf } = await clockWith({ SENIM_NOW: "", SENIM_TODAY: "2026-11-23" });
    expect(localDateOf(schoolNow())).toBe("2026-11-23");
  });

  it("reads a wall-clock minute as Kazakhstan time, and formats in the same zone", async () => {
    const { fromLocalMinute, KAZAKHSTAN_TIME_ZONE } = await clockWith({});
    expect(fromLocalMinute("2026-12-02T22:00").toISOString()).toBe("2026-12-02T17:00:00.000Z");
    expect(Number.isNaN(fromLocalMinute("2026-13-02T22:00").getTime())).toBe(true);
    const hour = new Intl.DateTimeFormat("en", { hour: "2-digit", hourCycle: "h23", timeZone: KAZAKHSTAN_TIME_ZONE }).format(
      fromLocalMinute("2026-12-02T22:00"),
    );
    expect(hour).toBe("22");
  });
});
