import { describe, expect, it } from "vitest";
import { isLifeSafety, NOT_SAID, parseReport, reportInputSchema } from "~/domain/reports/report-input";

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

  it("names every wrong answer by its field; only what happened is required", () => {
    const result = reportInputSchema.safeParse({ categories: ["made-up"], grade: "12" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["categories", "grade"]));
    expect(result.error!.issues.every((i) => i.message.startsWith("report.error."))).toBe(true);
  });

  it("stores who / where / how often / since when as not said when skipped, chosen so, or unknown", () => {
    const r = reportInputSchema.parse({ categories: ["verbal"], reporterRole: "", location: "not_said", frequency: "made-up" });
    expect(r).toMatchObject({
      reporterRole: NOT_SAID,
      location: NOT_SAID,
      frequency: NOT_SAID,
      since: NOT_SAID,
      grade: null,
      description: "",
    });
    expect(reportInputSchema.parse({ ...valid, location: "toilets" }).location).toBe("toilets");
  });

  it("accepts a life-safety category alone, with or without words", () => {
    expect(parseReport({ categories: ["suicide_self_harm"] })).toMatchObject({
      success: true,
      data: { categories: ["suicide_self_harm"], location: NOT_SAID },
    });
    expect(parseReport({ categories: ["suicide_self_harm"], description: "я больше не хочу жить" }).success).toBe(true);
    expect(parseReport({ categories: [] }).success).toBe(false);
  });

  it("never refuses a life-safety report for its other answers: it makes them storable", () => {
    const r = parseReport({
      categories: ["home_abuse", "made-up"],
      description: "ә".repeat(2500),
      grade: "99",
      contactRequested: "yes",
      contactName: "",
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.categories).toEqual(["home_abuse"]);
    expect([...r.data.description]).toHaveLength(2000);
    expect(r.data).toMatchObject({ grade: null, contactRequested: false });
    // The same answers on an ordinary report are refused, with every problem named.
    const ordinary = parseReport({
      categories: ["verbal"],
      description: "ә".repeat(2500),
      grade: "99",
      contactRequested: "yes",
      contactName: "",
    });
    expect(ordinary.success === false && Object.keys(ordinary.errors).sort()).toEqual(["contactName", "description", "grade"]);
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
