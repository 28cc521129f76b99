import type { ReportOption } from "~/content/content";
import type { ReportStatus } from "../../db/schema";
import { localize, useLang, useT } from "~/i18n/i18n";

/** <option>s for content choices, labelled in the page's language. */
export function LocalizedOptions({ options }: { options: ReportOption[] }) {
  const lang = useLang();
  return (
    <>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {localize(o.label, lang)}
        </option>
      ))}
    </>
  );
}

export const REPORT_STATUSES = ["new", "in_progress", "closed"] as const satisfies readonly ReportStatus[];

export function StatusOptions() {
  const t = useT();
  return (
    <>
      {REPORT_STATUSES.map((s) => (
        <option key={s} value={s}>
          {t(`inbox.status.${s}`)}
        </option>
      ))}
    </>
  );
}
