import type { Coverage } from "~/domain/lessons/lesson-plan";
import { useLang, useT } from "~/i18n/i18n";

/** "12 of 15 due lessons given (80 %)" with a bar people can read at a glance. */
export function CoverageBar({ coverage, share }: { coverage: Coverage; share: number }) {
  const t = useT();
  const lang = useLang();
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(share);
  return (
    <span className="coverage">
      <meter min={0} max={1} low={0.8} high={0.95} optimum={1} value={share} aria-hidden="true" />{" "}
      {t("coverage.given", { done: coverage.doneDue, due: coverage.dueByNow, percent })}
      {coverage.overdue > 0 && (
        <>
          {" · "}
          <strong className="behind">{t("coverage.overdue", { count: coverage.overdue })}</strong>
        </>
      )}
    </span>
  );
}
