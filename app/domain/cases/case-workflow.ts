import type { CaseModelContent, CaseStep } from "~/content/case-models";
import type { CaseStatus, Language } from "../../../db/schema";
import { addDays } from "../calendar/local-date";

// The scheduling rules of a case, without a database: which tasks a round of the programme's
// steps creates, for whom, when they are due and who owns them. case-schedule.server.ts writes them.

/** Screening, open and monitoring cases come before closed ones, in that order. */
export const CASE_STATUS_ORDER: readonly CaseStatus[] = ["screening", "open", "monitoring", "closed"];

export type PersonForPlanning = { id: number; role: string; classLabel: string };
export type SchoolClassForPlanning = { grade: number; letter: string; teacherId: number | null };
export type PlannedTask = { stepId: string; personId: number | null; round: number; ownerId: number; dueOn: string };

/**
 * KiVa asks the class teacher, not the team, to name the peer supporters: the one step whose
 * owner is the target's homeroom teacher. The content file has no owner field, so it is named here.
 */
const HOMEROOM_TEACHER_STEPS: ReadonlySet<string> = new Set(["peer_supporters"]);

export function isHomeroomTeacherStep(stepId: string): boolean {
  return HOMEROOM_TEACHER_STEPS.has(stepId);
}

export type RoundPlan = {
  round: number;
  /** The day the round starts: screening, escalation or reopening (YYYY-MM-DD). */
  startOn: string;
  people: PersonForPlanning[];
  /** Who owns a step by default: the person who screened the case. */
  ownerId: number;
  /** The target's homeroom teacher (when their class is one of the school's), and that target. */
  homeroom: Homeroom;
};

/** Who a homeroom-teacher step is for: the target (whose class teacher acts), and that teacher if known. */
export type Homeroom = { teacherId: number | null; targetId: number | null };

/** Who does a step: the homeroom teacher for their step (when known), else the default owner. */
function ownerOf(step: CaseStep, plan: Pick<RoundPlan, "ownerId" | "homeroom">): number {
  return isHomeroomTeacherStep(step.id) && plan.homeroom.teacherId !== null ? plan.homeroom.teacherId : plan.ownerId;
}

/**
 * The tasks one round of a model's steps creates: one per step, or one per person in the
 * step's role. A step for a role nobody in the case has yet creates nothing; adding such a
 * person later creates it (tasksForAddedPerson).
 */
export function planRound(model: CaseModelContent, plan: RoundPlan): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  for (const step of model.steps) {
    const dueOn = addDays(plan.startOn, step.dueDays);
    const ownerId = ownerOf(step, plan);
    if (step.forRole === null) {
      // The class teacher's step is about one child: the task names them, so the teacher knows whom to support.
      const personId = isHomeroomTeacherStep(step.id) ? plan.homeroom.targetId : null;
      tasks.push({ stepId: step.id, personId, round: plan.round, ownerId, dueOn });
      continue;
    }
    for (const person of plan.people.filter((p) => p.role === step.forRole)) {
      tasks.push({ stepId: step.id, personId: person.id, round: plan.round, ownerId, dueOn });
    }
  }
  return tasks;
}

/**
 * The current round's tasks for a person added to a case already under way. Due as if they
 * had been there from the round's start, but never before today: a new person is not overdue at once.
 */
export function tasksForAddedPerson(
  model: CaseModelContent,
  plan: Omit<RoundPlan, "people" | "homeroom"> & { person: PersonForPlanning; today: string },
): PlannedTask[] {
  return model.steps
    .filter((step) => step.forRole !== null && step.forRole === plan.person.role)
    .map((step) => {
      const due = addDays(plan.startOn, step.dueDays);
      return {
        stepId: step.id,
        personId: plan.person.id,
        round: plan.round,
        ownerId: plan.ownerId,
        dueOn: due < plan.today ? plan.today : due,
      };
    });
}

/**
 * Writing down a follow-up that says the bullying continues starts the steps again (a new
 * round): KiVa's follow-up with the target, or a case-wide follow-up such as ДосболLIKE's monitoring.
 * A follow-up with an initiator is about their commitments, and does not by itself escalate.
 */
export function escalates(step: CaseStep, result: string | null): boolean {
  return step.records === "follow_up" && result === "continued" && (step.forRole === "target" || step.forRole === null);
}

/**
 * The next check-in of a recurring step once one is written down: repeatEveryDays after the
 * day it was held (never before tomorrow), or none when the step does not recur or the next
 * one would fall after the end of monitoring.
 */
export function nextRepeatDue(step: CaseStep, heldOn: string, today: string, monitoringUntil: string | null): string | undefined {
  if (!step.repeatEveryDays) return undefined;
  const earliest = addDays(today, 1);
  const due = addDays(heldOn, step.repeatEveryDays);
  const next = due < earliest ? earliest : due;
  if (monitoringUntil !== null && next > monitoringUntil) return undefined;
  return next;
}

/** The recurring step of a model (ДосболLIKE's monitoring), which goes on while a resolved case is observed. */
export function recurringStep(model: CaseModelContent): CaseStep | undefined {
  return model.steps.find((s) => s.repeatEveryDays !== undefined);
}

/** A resolved case of a model that keeps observing (monitoringDays > 0) is watched before it closes. */
export function entersMonitoring(model: CaseModelContent, outcome: string): boolean {
  return model.monitoringDays > 0 && (outcome === "stopped" || outcome === "decreased");
}

/** The first check-in once monitoring starts: one repeat from today, but no later than the end. */
export function firstMonitoringDue(model: CaseModelContent, today: string, monitoringUntil: string): string | undefined {
  const step = recurringStep(model);
  if (!step?.repeatEveryDays) return undefined;
  const due = addDays(today, step.repeatEveryDays);
  return due > monitoringUntil ? monitoringUntil : due;
}

export function isOverdue(dueOn: string, today: string): boolean {
  return dueOn < today;
}

// Latin letters that look like Cyrillic ones: a class typed as "7A" on a Latin keyboard is 7А.
const LATIN_LOOKALIKES: Record<string, string> = {
  A: "А",
  B: "В",
  C: "С",
  E: "Е",
  H: "Н",
  K: "К",
  M: "М",
  O: "О",
  P: "Р",
  T: "Т",
  X: "Х",
  Y: "У",
};

function normalizeLetter(letter: string): string {
  const upper = letter.toLocaleUpperCase("ru");
  return LATIN_LOOKALIKES[upper] ?? upper;
}

/** A class as staff type it ("7А", "7 а", "7-A", "7 «Ә» класс") as grade and letter, or undefined. */
export function parseClassLabel(text: string): { grade: number; letter: string } | undefined {
  const match = /^(\d{1,2})\s*[-–.]?\s*["«'“]?(\p{L})["»'”]?(?:\s*(?:класс|кл\.?|сынып|class))?$/iu.exec(text.trim());
  if (!match) return undefined;
  const grade = Number(match[1]);
  if (grade < 0 || grade > 12) return undefined;
  return { grade, letter: normalizeLetter(match[2]!) };
}

/** The school's class a free-text class label names, if any. */
export function matchClass<C extends SchoolClassForPlanning>(label: string, classes: C[]): C | undefined {
  const parsed = parseClassLabel(label);
  if (!parsed) return undefined;
  return classes.find((c) => c.grade === parsed.grade && normalizeLetter(c.letter) === parsed.letter);
}

/**
 * The homeroom teacher of the first target whose class is one of the school's (and has a
 * teacher), with that target; with no such class, the first target and no teacher.
 */
export function homeroomOfTargets(people: PersonForPlanning[], classes: SchoolClassForPlanning[]): Homeroom {
  const targets = people.filter((p) => p.role === "target");
  for (const person of targets) {
    const cls = matchClass(person.classLabel, classes);
    if (cls?.teacherId != null) return { teacherId: cls.teacherId, targetId: person.id };
  }
  return { teacherId: null, targetId: targets[0]?.id ?? null };
}

/** A YYYY-MM-DD date worded for staff pages ("23 нояб. 2026 г."); the date has no time zone to shift it. */
export function formatLocalDate(lang: Language, date: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}
