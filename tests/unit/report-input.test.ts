import { describe, expect, it } from "vitest";
import { isLifeSafety, parseReport, reportInputSchema } from "~/domain/reports/report-input";

const valid = {
  reporterRole: "witness",
  categories: ["cyber", "cyber", "threats"],
  location: "online",
  frequency: "daily",
  since: "months",
  grade: "",
  description: "  Мені мазақтайды 😢\r\nАйтуға қорқамын  ",
};

describe("report input", () => {
  it("accepts a complete report, trims text, de-duplicates categories, keeps emoji", () => {
    const r = reportInputSchema.parse(valid);
    expect(r.categories).toEqual(["cyber", "threats"]);
    expect(r.grade).toBeNull();
    expect(r.description).toBe("Мені мазақтайды 😢\nАйтуға қорқамын");
    expect(r.contactRequested).toBe(false);
  });

  it("names every missing or unknown answer by its field", () => {
    const result = reportInputSchema.safeParse({ categories: ["made-up"], grade: "12" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["reporterRole", "categories", "location", "frequency", "since", "grade"]));
    expect(result.error!.issues.every((i) => i.message.startsWith("report.error."))).toBe(true);
  });

  it("counts characters as people do: 2,000 emoji fit, 2,001 do not", () => {
    expect(reportInputSchema.safeParse({ ...valid, description: "😢".repeat(2000) }).success).toBe(true);
    expect(reportInputSchema.safeParse({ ...valid, description: "😢".repeat(2001) }).success).toBe(false);
  });

  it("asks for a name only when the reporter chose to be contacted", () => {
    const without = parseReport({ ...valid, contactRequested: "yes" });
    expect(without).toEqual({ success: false, errors: { contactName: "report.error.contactName" } });
    // Even while other answers are missing, so every problem shows at once.
    const alongside = parseReport({ contactRequested: "yes", categories: [] });
    expect(alongside.success === false && alongside.errors.contactName).toBe("report.error.contactName");
    const withName = reportInputSchema.parse({ ...valid, contactRequested: "yes", contactName: "Әлия", contactClass: "7Б" });
    expect(withName).toMatchObject({ contactRequested: true, contactName: "Әлия", contactClass: "7Б" });
  });

  it("flags life-safety categories as urgent", () => {
    expect(isLifeSafety(["verbal"])).toBe(false);
    expect(isLifeSafety(["verbal", "weapon_attack"])).toBe(true);
  });
});
