import { Link } from "react-router";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";

/** Everything done and written down on the case, oldest first. */
export function CaseChronology({ page }: { page: CasePageData }) {
  const t = useT();
  return (
    <section className="card" id="chronology" aria-labelledby="chronology-title">
      <h2 id="chronology-title">{t("cases.chronology")}</h2>
      <ol className="plain timeline">
        {page.timeline.map((e) => (
          <li key={e.id}>
            <p className="who">
              <strong>{e.label}</strong>
              {e.step && <> · {e.step}</>} · {e.when} · {e.who}
            </p>
            {(e.person || e.heldOn || e.until || e.participants || e.result) && (
              <dl className="facts small">
                {e.person && (
                  <>
                    <dt>{t("cases.timeline.person")}</dt>
                    <dd>{e.person}</dd>
                  </>
                )}
                {e.heldOn && (
                  <>
                    <dt>{t("cases.timeline.heldOn")}</dt>
                    <dd>{e.heldOn}</dd>
                  </>
                )}
                {e.until && (
                  <>
                    <dt>{t("cases.monitoringUntil")}</dt>
                    <dd>{e.until}</dd>
                  </>
                )}
                {e.participants && (
                  <>
                    <dt>{t(e.participantsLabel)}</dt>
                    <dd>{e.participants}</dd>
                  </>
                )}
                {e.result && (
                  <>
                    <dt>{t(e.resultLabel)}</dt>
                    <dd>{e.result}</dd>
                  </>
                )}
              </dl>
            )}
            {e.reportId !== null && (
              <p>
                <Link to={`/school/reports/${e.reportId}`}>{t("cases.reportNumber", { id: e.reportId })}</Link>
              </p>
            )}
            {e.content && <p className="body">{e.content}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

const accessActionKey = (action: string): MessageKey =>
  action === "update" || action === "download" ? `cases.access.${action}` : "cases.access.view";

/** Who opened the case, for the team working on it. */
export function CaseAccessLog({ page }: { page: CasePageData }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="access-title">
      <h2 id="access-title">{t("cases.access.title")}</h2>
      <ul className="plain small">
        {page.accessLog.map((a, i) => (
          <li key={i}>{`${a.at} · ${a.who} · ${t(accessActionKey(a.action))}`}</li>
        ))}
      </ul>
    </section>
  );
}
