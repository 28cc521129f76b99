import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration, formatElapsed, translate } from "~/i18n/i18n";

// The formatters are built once per language and options (app/i18n/i18n.ts): a cache keyed too
// coarsely would word an hour as minutes, or Russian in Kazakh. Compared with fresh Intl objects.
describe("cached Intl formatters", () => {
  it("word each unit and language as a fresh formatter does, in any order", () => {
    for (const lang of ["kk", "ru", "en"] as const) {
      const unit = (v: number, u: string) => new Intl.NumberFormat(lang, { style: "unit", unit: u, unitDisplay: "short" }).format(v);
      expect(formatDuration(lang, "2026-09-01T10:00", "2026-09-01T10:05")).toBe(unit(5, "minute"));
      expect(formatDuration(lang, "2026-09-01T10:00", "2026-09-01T12:05")).toBe(`${unit(2, "hour")} ${unit(5, "minute")}`);
      expect(formatDuration(lang, "2026-09-01T10:00", "2026-09-06T10:00")).toBe(unit(5, "day"));
      const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "always", style: "short" });
      expect(formatElapsed(lang, "2026-09-01T10:00", "2026-09-04T10:00")).toBe(rtf.format(-3, "day"));
      expect(formatDateTime(lang, "2026-09-01T04:00:00Z")).toBe(
        new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Almaty" }).format(
          new Date("2026-09-01T04:00:00Z"),
        ),
      );
      expect(translate(lang, "inbox.newMessages", { count: 12345 })).toContain(new Intl.NumberFormat(lang).format(12345));
    }
    expect(formatDuration("ru", "2026-09-01T10:00", "2026-09-01T12:05")).not.toBe(
      formatDuration("en", "2026-09-01T10:00", "2026-09-01T12:05"),
    );
  });
});
