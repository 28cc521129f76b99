import { describe, expect, it } from "vitest";
import { caseModel } from "~/content/case-models";
import {
  entersMonitoring,
  escalates,
  firstMonitoringDue,
  homeroomOfTargets,
  isOverdue,
  matchClass,
  nextRepeatDue,
  parseClassLabel,
  planRound,
  recurringStep,
  tasksForAddedPerson,
} from "~/domain/cases/case-workflow";

const kiva = caseModel("kiva");
const dosbol = caseModel("dosbol");
const step = (model: typeof kiva, id: string) => model.steps.find((s) => s.id === id)!;

const people = [
  { id: 1, role: "target", classLabel: "7А" },
  { id: 2, role: "initiator", classLabel: "7А" },
  { id: 3, role: "initiator", classLabel: "7Б" },
  { id: 4, role: "bystander", classLabel: "" },
];
const SCREENER = 10;
const HOMEROOM = 20;

describe("a round of KiVa steps", () => {
  const tasks = planRound(kiva, {
    round: 1,
    startOn: "2026-11-23",
    people,
    ownerId: SCREENER,
    homeroom: { teacherId: HOMEROOM, targetId: 1 },
  });

  it("creates one task per person in a step's role, and one for a case-wide step", () => {
    const byStep = (id: string) => tasks.filter((t) => t.stepId === id);
    expect(byStep("discussion_target").map((t) => t.personId)).toEqual([1]);
    expect(byStep("discussion_initiator").map((t) => t.personId)).toEqual([2, 3]);
    expect(byStep("follow_up_initiator").map((t) => t.personId)).toEqual([2, 3]);
    expect(byStep("home_contact").map((t) => t.personId)).toEqual([null]);
    // The class teacher's step names the child to support.
    expect(byStep("peer_supporters").map((t) => t.personId)).toEqual([1]);
    expect(tasks).toHaveLength(1 + 2 + 1 + 1 + 1 + 2);
    // Bystanders have no step of their own.
    expect(tasks.some((t) => t.personId === 4)).toBe(false);
  });

  it("makes each step due its dueDays after the screening day, in round 1", () => {
    const due = Object.fromEntries(tasks.map((t) => [t.stepId, t.dueOn]));
    expect(due).toEqual({
      discussion_target: "2026-11-23",
      discussion_initiator: "2026-11-24",
      home_contact: "2026-11-25",
      peer_supporters: "2026-11-26",
      follow_up_target: "2026-12-03",
      follow_up_initiator: "2026-12-04",
    });
    expect(new Set(tasks.map((t) => t.round))).toEqual(new Set([1]));
  });

  it("gives the peer-supporter step to the homeroom teacher and the rest to the screener", () => {
    for (const t of tasks) expect(t.ownerId, t.stepId).toBe(t.stepId === "peer_supporters" ? HOMEROOM : SCREENER);
    const noTeacher = planRound(kiva, {
      round: 1,
      startOn: "2026-11-23",
      people,
      ownerId: SCREENER,
      homeroom: { teacherId: null, targetId: 1 },
    });
    expect(noTeacher.find((t) => t.stepId === "peer_supporters")!.ownerId).toBe(SCREENER);
  });

  it("schedules a later round from its own start day", () => {
    const round2 = planRound(kiva, {
      round: 2,
      startOn: "2026-12-31",
      people,
      ownerId: SCREENER,
      homeroom: { teacherId: null, targetId: null },
    });
    expect(round2.every((t) => t.round === 2)).toBe(true);
    expect(round2.find((t) => t.stepId === "follow_up_target")!.dueOn).toBe("2027-01-10");
  });

  it("creates a person's steps when they join later, never due before today", () => {
    const added = tasksForAddedPerson(kiva, {
      round: 1,
      startOn: "2026-11-01",
      ownerId: SCREENER,
      today: "2026-11-23",
      person: { id: 9, role: "initiator", classLabel: "" },
    });
    expect(added.map((t) => [t.stepId, t.personId, t.dueOn])).toEqual([
      ["discussion_initiator", 9, "2026-11-23"],
      ["follow_up_initiator", 9, "2026-11-23"],
    ]);
    const early = tasksForAddedPerson(kiva, {
      round: 2,
      startOn: "2026-11-20",
      ownerId: SCREENER,
      today: "2026-11-23",
      person: { id: 9, role: "target", classLabel: "" },
    });
    expect(early.map((t) => [t.stepId, t.dueOn, t.round])).toEqual([
      ["discussion_target", "2026-11-23", 2],
      ["follow_up_target", "2026-11-30", 2],
    ]);
    expect(
      tasksForAddedPerson(kiva, {
        round: 1,
        startOn: "2026-11-01",
        ownerId: SCREENER,
        today: "2026-11-23",
        person: { id: 9, role: "defender", classLabel: "" },
      }),
    ).toEqual([]);
  });
});

describe("escalation and monitoring", () => {
  it("escalates only when a follow-up about the target (or the whole case) finds it continuing", () => {
    expect(escalates(step(kiva, "follow_up_target"), "continued")).toBe(true);
    expect(escalates(step(kiva, "follow_up_target"), "decreased")).toBe(false);
    expect(escalates(step(kiva, "follow_up_initiator"), "continued")).toBe(false);
    expect(escalates(step(kiva, "discussion_target"), "continued")).toBe(false);
    expect(escalates(step(dosbol, "monitoring"), "continued")).toBe(true);
  });

  it("repeats ДосболLIKE monitoring every repeatEveryDays while open, and only until monitoring ends", () => {
    const monitoring = step(dosbol, "monitoring");
    expect(recurringStep(dosbol)?.id).toBe("monitoring");
    expect(recurringStep(kiva)).toBeUndefined();
    expect(nextRepeatDue(monitoring, "2026-11-20", "2026-11-23", null)).toBe("2026-12-04");
    // Held long ago: the next one is not already overdue.
    expect(nextRepeatDue(monitoring, "2026-10-01", "2026-11-23", null)).toBe("2026-11-24");
    expect(nextRepeatDue(monitoring, "2026-11-20", "2026-11-23", "2026-12-04")).toBe("2026-12-04");
    expect(nextRepeatDue(monitoring, "2026-11-20", "2026-11-23", "2026-12-03")).toBeUndefined();
    expect(nextRepeatDue(step(kiva, "follow_up_target"), "2026-11-20", "2026-11-23", null)).toBeUndefined();
  });

  it("keeps watching a resolved ДосболLIKE case, but not a KiVa one or an unresolved one", () => {
    expect(entersMonitoring(dosbol, "stopped")).toBe(true);
    expect(entersMonitoring(dosbol, "decreased")).toBe(true);
    expect(entersMonitoring(dosbol, "referred")).toBe(false);
    expect(entersMonitoring(kiva, "stopped")).toBe(false);
    expect(firstMonitoringDue(dosbol, "2026-11-23", "2027-01-22")).toBe("2026-12-07");
    expect(firstMonitoringDue(dosbol, "2026-11-23", "2026-11-30")).toBe("2026-11-30");
  });

  it("calls a task overdue only after its due day", () => {
    expect(isOverdue("2026-11-22", "2026-11-23")).toBe(true);
    expect(isOverdue("2026-11-23", "2026-11-23")).toBe(false);
  });
});

describe("the homeroom teacher from a class typed by hand", () => {
  const classes = [
    { grade: 7, letter: "А", teacherId: 71 },
    { grade: 7, letter: "Б", teacherId: 72 },
    { grade: 10, letter: "Ә", teacherId: null },
  ];

  it("reads grade and letter however staff type them, Latin look-alikes as Cyrillic", () => {
    expect(parseClassLabel("7А")).toEqual({ grade: 7, letter: "А" });
    expect(parseClassLabel(" 7 а ")).toEqual({ grade: 7, letter: "А" });
    expect(parseClassLabel("7a")).toEqual({ grade: 7, letter: "А" }); // Latin a
    expect(parseClassLabel("7-A")).toEqual({ grade: 7, letter: "А" }); // Latin A
    expect(parseClassLabel("7 «б» класс")).toEqual({ grade: 7, letter: "Б" });
    expect(parseClassLabel("10ә сынып")).toEqual({ grade: 10, letter: "Ә" });
    expect(parseClassLabel("seventh")).toBeUndefined();
    expect(parseClassLabel("")).toBeUndefined();
    expect(parseClassLabel("7АБ")).toBeUndefined();
  });

  it("matches only a class the school has", () => {
    expect(matchClass("7a", classes)?.teacherId).toBe(71);
    expect(matchClass("7 Б", classes)?.teacherId).toBe(72);
    expect(matchClass("8А", classes)).toBeUndefined();
  });

  it("takes the first target whose class has a teacher; initiators' classes do not count", () => {
    expect(homeroomOfTargets(people, classes)).toEqual({ teacherId: 71, targetId: 1 });
    expect(homeroomOfTargets([{ id: 1, role: "initiator", classLabel: "7Б" }], classes)).toEqual({ teacherId: null, targetId: null });
    expect(
      homeroomOfTargets(
        [
          { id: 1, role: "target", classLabel: "10Ә" },
          { id: 2, role: "target", classLabel: "7б" },
        ],
        classes,
      ),
    ).toEqual({ teacherId: 72, targetId: 2 });
    // No class of the school: the screener does it, still for the (first) target.
    expect(homeroomOfTargets([{ id: 5, role: "target", classLabel: "9В" }], classes)).toEqual({ teacherId: null, targetId: 5 });
  });
});
