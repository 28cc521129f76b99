import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openFromReportsSchema, personSchema, screeningSchema } from "~/domain/cases/case-input";
import { referralSchema } from "~/domain/referrals/referral-input";
import { idField, idParam, parseForm } from "~/http/form.server";

const formOf = (entries: Array<[string, string]>) => {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
};

const statusOf = (run: () => unknown) => {
  try {
    run();
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : "not a response";
  }
  return "no throw";
};

describe("parseForm, the one way a form is read", () => {
  it("reads each field the schema names, and every value of an array field", () => {
    const parsed = parseForm(
      formOf([
        ["reportIds", "3"],
        ["reportIds", "5"],
        ["model", "kiva"],
        ["extra", "x"],
      ]),
      openFromReportsSchema,
      "cases.error.invalid",
    );
    expect(parsed).toEqual({ ok: true, data: { reportIds: [3, 5], model: "kiva" } });
  });

  it("reads a schema that reshapes its fields, and lists every problem in the form's order", () => {
    const empty = parseForm(formOf([["basis", "immediate_danger"]]), referralSchema, "cases.error.invalid");
    expect(empty.ok).toBe(false);
    // The checks that depend on the basis run after the fields' own; the page still lists them top to bottom.
    if (!empty.ok) expect(Object.keys(empty.errors)).toEqual(["serviceId", "dangerReason", "summary", "reviewed"]);
    const sent = parseForm(
      formOf([
        ["serviceId", "4"],
        ["basis", "consent"],
        ["guardianConsent", " mother, by phone "],
        ["childVoice", "agrees"],
        ["dangerReason", "ignored"],
        ["summary", "line\r\nline"],
        ["reviewed", "yes"],
      ]),
      referralSchema,
      "cases.error.invalid",
    );
    expect(sent).toEqual({
      ok: true,
      data: {
        serviceId: 4,
        summary: "line\nline",
        consent: { basis: "consent", guardianConsent: "mother, by phone", childVoice: "agrees" },
      },
    });
  });

  it("reads an absent field as empty, so a missing field is the schema's own error, not a 500", () => {
    const parsed = parseForm(formOf([["role", "target"]]), personSchema, "cases.error.invalid");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toBe("cases.error.name");
  });

  it("words a problem by the schema's message key, each field's first, and the fallback where the schema named none", () => {
    const schema = z.object({ a: z.string().min(1, { error: "cases.error.name" }), b: z.coerce.number().int() });
    const parsed = parseForm(
      formOf([
        ["a", ""],
        ["b", "x"],
      ]),
      schema,
      "cases.error.invalid",
    );
    expect(parsed).toEqual({ ok: false, error: "cases.error.name", errors: { a: "cases.error.name", b: "cases.error.invalid" } });
  });

  it("sees through a refined object and an array wrapped in a default", () => {
    const criteria = parseForm(
      formOf([
        ["criteria", "repeated"],
        ["criteria", "repeated"],
        ["result", "bullying"],
      ]),
      screeningSchema,
      "cases.error.invalid",
    );
    expect(criteria.ok).toBe(false);
    if (!criteria.ok) expect(criteria.error).toBe("cases.error.criteria");
    const wrapped = z.object({ tags: z.array(z.string()).max(3).default([]) });
    expect(
      parseForm(
        formOf([
          ["tags", "a"],
          ["tags", "b"],
        ]),
        wrapped,
        "cases.error.invalid",
      ),
    ).toEqual({ ok: true, data: { tags: ["a", "b"] } });
  });

  it("ignores a file posted where text is expected", () => {
    const form = formOf([["name", "Aru"]]);
    form.append("role", new Blob(["target"]), "role.txt");
    const parsed = parseForm(form, z.object({ role: z.string(), name: z.string() }), "cases.error.invalid");
    expect(parsed).toEqual({ ok: true, data: { role: "", name: "Aru" } });
  });
});

describe("ids from a URL or a form", () => {
  it("are positive safe integers, and anything else is 404", () => {
    expect(idParam({ caseId: "42" }, "caseId")).toBe(42);
    expect(idField(formOf([["taskId", "7"]]), "taskId")).toBe(7);
    for (const bad of ["", "0", "-1", "1.5", "1e3x", "9007199254740993", "١٢"]) {
      expect(
        statusOf(() => idParam({ caseId: bad }, "caseId")),
        bad,
      ).toBe(404);
      expect(
        statusOf(() => idField(formOf([["taskId", bad]]), "taskId")),
        bad,
      ).toBe(404);
    }
    expect(statusOf(() => idParam({}, "caseId"))).toBe(404);
  });
});
