import { caseContent } from "~/content/case-models";
import { reportOptions } from "~/content/content";
import { serviceKinds } from "~/content/services";
import type { Dashboard } from "~/domain/dashboards/dashboard.server";
import type { Cell } from "~/domain/dashboards/suppression";
import { translate } from "~/i18n/i18n";
import type { Language } from "../../db/schema";

/** A value in a dashboard table: a (possibly suppressed) count, or a derived number. */
export type Value = Cell | { kind: "rate"; value: number | null; percent?: boolean };
export type DashTable = {
  id: TableId;
  title: string;
  note?: string;
  columns: string[];
  rows: Array<{ label: string; values: Value[] }>;
  /** The chart draws the first column; hidden counts draw no bar. */
  chart: "bar" | "line" | "doughnut";
};

export const TABLE_IDS = ["monthly", "categories", "urgent", "response", "outcomes", "followUps", "referrals", "answers"] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** Every chart of the dashboard as a table of the same numbers, worded in the reader's language. */
export function dashboardTables(d: Dashboard, lang: Language): DashTable[] {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const monthName = new Intl.DateTimeFormat(lang, { month: "short", year: "numeric", timeZone: "UTC" });
  const count = t("dash.count");
  return [
    {
      id: "monthly",
      title: t("dash.monthly.title"),
      columns: [t("dash.monthly.per1000"), t("dash.monthly.reports")],
      rows: d.monthly.map((m) => ({
        label: monthName.format(new Date(`${m.month}-15T00:00:00Z`)),
        values: [{ kind: "rate", value: m.per1000 }, m.reports],
      })),
      chart: "line",
    },
    {
      id: "categories",
      title: t("dash.categories.title"),
      note: t("dash.categories.note"),
      columns: [count],
      rows: d.categories.map((c) => ({ label: reportOptions.categories.find((o) => o.id === c.id)!.label[lang], values: [c.reports] })),
      chart: "bar",
    },
    {
      id: "urgent",
      title: t("dash.urgent.title"),
      columns: [count],
      rows: [
        { label: t("dash.urgent.urgent"), values: [d.urgent.urgent] },
        { label: t("dash.urgent.other"), values: [d.urgent.other] },
      ],
      chart: "doughnut",
    },
    {
      id: "response",
      title: t("dash.response.title"),
      columns: [count],
      rows: [
        { label: t("dash.response.within24h"), values: [d.response.within24h] },
        { label: t("dash.response.within7d"), values: [d.response.within7d] },
        { label: t("dash.response.later"), values: [d.response.later] },
        { label: t("dash.response.notYet"), values: [d.response.notYet] },
      ],
      chart: "bar",
    },
    {
      id: "outcomes",
      title: t("dash.cases.title"),
      columns: [count],
      rows: d.outcomes.map((o) => ({
        label: o.id === "open" ? t("dash.cases.open") : caseContent.outcomes.find((x) => x.id === o.id)!.label[lang],
        values: [o.cases],
      })),
      chart: "bar",
    },
    {
      id: "followUps",
      title: t("dash.followUps.title"),
      columns: [count],
      rows: d.followUps.cells.map((c) => ({ label: t(`dash.followUps.${c.id}`), values: [c.tasks] })),
      chart: "bar",
    },
    {
      id: "referrals",
      title: t("dash.referrals.title"),
      columns: [count],
      rows: d.referralsByService.map((r) => ({ label: serviceKinds.find((k) => k.id === r.id)!.label[lang], values: [r.referrals] })),
      chart: "bar",
    },
    {
      id: "answers",
      title: t("dash.answers.title"),
      columns: [count],
      rows: d.referralAnswers.cells.map((c) => ({ label: t(`dash.answers.${c.id}`), values: [c.referrals] })),
      chart: "bar",
    },
  ];
}

/** A value as the page shows it: "<5", "×", or the number in the reader's language. */
export function displayValue(v: Value, lang: Language): string {
  if (v.kind === "small") return translate(lang, "dash.small");
  if (v.kind === "hidden" || v.kind === "withheld") return translate(lang, "dash.hidden");
  if (v.kind === "shown") return new Intl.NumberFormat(lang).format(v.value);
  if (v.value === null) return "–";
  return new Intl.NumberFormat(lang, v.percent ? { style: "percent", maximumFractionDigits: 0 } : { maximumFractionDigits: 1 }).format(
    v.value,
  );
}

/** The number a chart draws, or null for a hidden one (no bar rather than a guess). */
export function chartValue(v: Value): number | null {
  return v.kind === "shown" ? v.value : v.kind === "rate" ? v.value : null;
}

/** A value in a CSV file: plain digits, "<5" or "x". */
export function csvValue(v: Value): string {
  if (v.kind === "small") return "<5";
  if (v.kind === "hidden" || v.kind === "withheld") return "x";
  if (v.kind === "shown") return String(v.value);
  return v.value === null ? "" : String(Math.round(v.value * 100) / 100);
}

export function percent(lang: Language, share: number | null, digits = 0): string {
  return share === null ? "–" : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: digits }).format(share);
}
