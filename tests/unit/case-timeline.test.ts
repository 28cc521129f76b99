import { describe, expect, it } from "vitest";
import { caseTimeline, type TimelineEvent } from "~/domain/cases/case-timeline";
import { personSnapshot } from "~/domain/cases/person-snapshot";
import { en } from "~/i18n/en";

let nextId = 1;
const event = (e: Partial<TimelineEvent> & { kind: string }): TimelineEvent => ({
  id: nextId++,
  step_id: null,
  held_on: null,
  participants: "",
  content: "",
  result: null,
  user_id: 7,
  at: "2025-10-01T09:00:00.000+05:00",
  display_name: "Айгерим Н.",
  person_name: null,
  person_role: null,
  ...e,
});

describe("caseTimeline", () => {
  it("words each event with its own labels: origin, criteria found, a follow-up's result", () => {
    const rows = caseTimeline(
      [
        event({ kind: "opened", result: "report" }),
        event({ kind: "screened", participants: "repeated,power_imbalance", result: "bullying" }),
        event({
          kind: "step",
          step_id: "follow_up_target",
          held_on: "2025-10-08",
          result: "decreased",
          person_name: "Тимур А.",
          person_role: "target",
        }),
      ],
      "kiva",
      new Set(),
      "en",
    );
    expect(rows[0]).toMatchObject({
      label: en["cases.event.opened"],
      who: "Айгерим Н.",
      resultLabel: "cases.origin",
      result: en["cases.origin.report"],
    });
    expect(rows[1]).toMatchObject({
      participantsLabel: "cases.timeline.criteria",
      participants: "It is repeated; There is a power imbalance: the child cannot defend themselves",
    });
    expect(rows[2]).toMatchObject({ result: "Decreased", person: "Тимур А. (Target)", heldOn: "Oct 8, 2025" });
    expect(rows[2]!.step).not.toBeNull();
  });

  it("counts rounds: each escalation or reopening starts the next", () => {
    const rows = caseTimeline(
      [event({ kind: "opened" }), event({ kind: "escalated" }), event({ kind: "reopened" })],
      "kiva",
      new Set(),
      "en",
    );
    expect(rows.map((r) => r.result)).toEqual([expect.anything(), "2", "3"]);
    expect(rows[1]!.resultLabel).toBe("cases.round");
  });

  it("links a linked report only when the reader may read it; otherwise names its number", () => {
    const [readable, hidden] = caseTimeline(
      [event({ kind: "report_linked", content: "12" }), event({ kind: "report_linked", content: "13" })],
      "kiva",
      new Set([12]),
      "en",
    );
    expect(readable).toMatchObject({ reportId: 12, content: "" });
    expect(hidden).toMatchObject({ reportId: null, content: en["cases.reportNumber"].replace("{id}", "13") });
  });

  it("shows a person as the snapshot recorded them, and the system or the reporter when no one signed", () => {
    const [added, checkin, system] = caseTimeline(
      [
        event({
          kind: "person_added",
          content: personSnapshot({ name: "Дана", classLabel: "5Б", role: "target", notes: "тихая" }),
          result: "target",
        }),
        event({ kind: "checkin", user_id: null, display_name: null, result: "stopped" }),
        event({ kind: "closed", user_id: null, display_name: null, result: "stopped" }),
      ],
      "dosbol",
      new Set(),
      "en",
    );
    expect(added).toMatchObject({ person: "Дана, 5Б (Target)", content: "тихая", result: null });
    expect(checkin).toMatchObject({ who: en["cases.timeline.reporter"], result: en["cases.checkin.stopped"] });
    expect(system).toMatchObject({ who: en["cases.timeline.system"], resultLabel: "cases.outcome", result: "The bullying stopped" });
  });

  it("writes a plan's review date as a date, and an unknown kind as itself", () => {
    const [plan, unknown] = caseTimeline(
      [event({ kind: "step", step_id: "assistance_plan", result: "2025-11-03" }), event({ kind: "something_new" })],
      "dosbol",
      new Set(),
      "en",
    );
    expect(plan).toMatchObject({ resultLabel: "cases.record.reviewBy", result: "Nov 3, 2025" });
    expect(unknown!.label).toBe("something_new");
  });
});
