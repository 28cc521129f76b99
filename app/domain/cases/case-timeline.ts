import { caseContent, caseStep } from "~/content/case-models";
import type { Localized } from "~/content/content";
import { dictionaries, type MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, translate } from "~/i18n/i18n";
import type { CaseModel, Language } from "../../../db/schema";
import { formatLocalDate } from "./case-workflow";
import { parsePersonSnapshot } from "./person-snapshot";

/** A content option's label in the reader's language; an id no longer in the content shows as itself. */
export function optionLabel(list: ReadonlyArray<{ id: string; label: Localized }>, id: string | null, lang: Language): string {
  const found = list.find((o) => o.id === id);
  return found ? localize(found.label, lang) : (id ?? "");
}

/** One event of the chronology as the case page reads it (case-detail.server.ts `caseDetail`). */
export type TimelineEvent = {
  id: number;
  kind: string;
  step_id: string | null;
  held_on: string | null;
  participants: string;
  content: string;
  result: string | null;
  user_id: number | null;
  at: string;
  display_name: string | null;
  person_name: string | null;
  person_role: string | null;
};

export type TimelineRow = ReturnType<typeof timelineRow>;

const isDay = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** One chronology entry worded for the reader: every field the event has, in their language. */
function timelineRow(e: TimelineEvent, round: number, model: CaseModel, readableReports: ReadonlySet<number>, lang: Language) {
  const tr = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const kindKey = `cases.event.${e.kind}`;
  const step = e.step_id ? caseStep(model, e.step_id) : undefined;
  const who = e.display_name ?? (e.user_id === null && e.kind === "checkin" ? tr("cases.timeline.reporter") : tr("cases.timeline.system"));
  let person = e.person_name
    ? `${e.person_name}${e.person_role ? ` (${optionLabel(caseContent.personRoles, e.person_role, lang)})` : ""}`
    : null;
  let participants = e.participants;
  let participantsLabel: MessageKey = "cases.timeline.participants";
  let content = e.content;
  let result: string | null = e.result;
  let resultLabel: MessageKey = "cases.timeline.result";
  let reportId: number | null = null;
  switch (e.kind) {
    case "opened":
      resultLabel = "cases.origin";
      result = e.result === "report" ? tr("cases.origin.report") : optionLabel(caseContent.concernSources, e.result, lang);
      break;
    case "report_linked": {
      // A link, so the reporter's conversation stays one click away (when this school may read it).
      const id = /^\d+$/.test(e.content) ? Number(e.content) : null;
      reportId = id !== null && readableReports.has(id) ? id : null;
      content = reportId !== null ? "" : tr("cases.reportNumber", { id: e.content });
      break;
    }
    case "screened":
      participants = e.participants
        .split(",")
        .filter(Boolean)
        .map((id) => optionLabel(caseContent.screeningCriteria, id, lang))
        .join("; ");
      participantsLabel = "cases.timeline.criteria";
      result = optionLabel(caseContent.screeningResults, e.result, lang);
      break;
    case "person_added":
    case "person_updated": {
      const snapshot = parsePersonSnapshot(e.content);
      if (snapshot) {
        person = `${snapshot.name}${snapshot.classLabel ? `, ${snapshot.classLabel}` : ""} (${optionLabel(caseContent.personRoles, snapshot.role, lang)})`;
        content = snapshot.notes;
      }
      result = null;
      break;
    }
    case "step":
      if (step?.records === "plan") {
        resultLabel = "cases.record.reviewBy";
        result = isDay(e.result) ? formatLocalDate(lang, e.result) : e.result;
      } else result = e.result ? optionLabel(caseContent.followUpResults, e.result, lang) : null;
      break;
    case "task_assigned":
      participantsLabel = "cases.timeline.owner";
      resultLabel = "cases.assign.dueOn";
      result = isDay(e.result) ? formatLocalDate(lang, e.result) : e.result;
      break;
    case "escalated":
    case "reopened":
      resultLabel = "cases.round";
      result = String(round);
      break;
    case "monitoring_started":
    case "closed":
      resultLabel = "cases.outcome";
      result = optionLabel(caseContent.outcomes, e.result, lang);
      break;
    case "checkin":
      result = e.result === "stopped" || e.result === "started_again" ? tr(`cases.checkin.${e.result}`) : e.result;
      break;
  }
  return {
    id: e.id,
    label: kindKey in dictionaries[lang] ? tr(kindKey as MessageKey) : e.kind,
    who,
    when: formatDateTime(lang, e.at),
    step: step ? localize(step.label, lang) : null,
    heldOn: e.held_on && e.kind !== "monitoring_started" ? formatLocalDate(lang, e.held_on) : null,
    until: e.kind === "monitoring_started" && e.held_on ? formatLocalDate(lang, e.held_on) : null,
    person,
    participants,
    participantsLabel,
    content,
    result,
    resultLabel,
    reportId,
  };
}

/**
 * A case's chronology worded for the reader, oldest first. Each escalation or reopening starts
 * the next round; a linked report is a link only when the reader's school may read it.
 */
export function caseTimeline(
  events: readonly TimelineEvent[],
  model: CaseModel,
  readableReports: ReadonlySet<number>,
  lang: Language,
): TimelineRow[] {
  let round = 1;
  return events.map((e) => {
    if (e.kind === "escalated" || e.kind === "reopened") round += 1;
    return timelineRow(e, round, model, readableReports, lang);
  });
}
