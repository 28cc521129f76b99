import { Form } from "react-router";
import type { AcknowledgementView } from "~/domain/escalation/escalation.server";
import { useT } from "~/i18n/i18n";

/** "I have seen it and I am acting": the state of an urgent report's ladder and the one button that stops it. */
export function Acknowledgement({
  view,
  outcome,
  action,
}: {
  view: AcknowledgementView;
  outcome?: "acknowledged" | "already";
  action?: string;
}) {
  const t = useT();
  return (
    <section className="card urgent" aria-labelledby={`ack-${view.reportId}`}>
      <h2 id={`ack-${view.reportId}`}>{t("escalation.ack.title")}</h2>
      {outcome && (
        <p className="notice" role="status">
          {t(outcome === "acknowledged" ? "escalation.ack.saved" : "escalation.ack.already")}
        </p>
      )}
      {view.acknowledged ? (
        <p>
          <strong data-acknowledged="">{t("escalation.ack.done", { name: view.acknowledged.by, at: view.acknowledged.at })}</strong>
        </p>
      ) : (
        <>
          <p>{t("escalation.ack.waiting")}</p>
          {view.next && <p>{t("escalation.ack.next", view.next)}</p>}
          {view.topReachedAt && <p>{t("escalation.ack.top", { at: view.topReachedAt })}</p>}
          <p className="hint" id={`ack-hint-${view.reportId}`}>
            {t("escalation.ack.hint")}
          </p>
          <Form method="post" action={action}>
            <input type="hidden" name="intent" value="acknowledge" />
            <input type="hidden" name="reportId" value={view.reportId} />
            <button type="submit" className="button" aria-describedby={`ack-hint-${view.reportId}`}>
              {t("escalation.ack.button")}
            </button>
          </Form>
        </>
      )}
      {view.log.length > 0 && (
        <>
          <h3>{t("escalation.ack.log")}</h3>
          <ul className="plain small">
            {view.log.map((entry, i) => (
              <li key={i}>
                {entry.name === null
                  ? t("escalation.ack.nobody", { at: entry.at, step: entry.step })
                  : `${entry.at} · ${entry.step} · ${entry.name}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
