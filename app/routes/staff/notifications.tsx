import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { CallList } from "~/components/call-list";
import { acknowledgeUrgentReport, lifeSafetyLabels, stepLabel } from "~/domain/escalation/escalation.server";
import { callListFor } from "~/domain/escalation/phones.server";
import { handoffSchema, handoffSummary, recordHandoff } from "~/domain/escalation/handoff.server";
import { schoolNow } from "~/domain/calendar/local-date";
import { todaysDigest } from "~/domain/notifications/digests.server";
import { notificationsFor } from "~/domain/notifications/notifications.server";
import { readingRightsNews } from "~/domain/auth/reading-rights.server";
import { may, urgentReportsReadableOnDuty } from "~/domain/policy/policy.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "escalation.notifications.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const lang = resolveLanguage(request, actor.user.language);
  const rows = await notificationsFor(actor);
  const canHandOff = may(actor, "handoff:urgent:region");
  const now = schoolNow();
  // The duty psychologist's way to the words: only the reports the policy lets them read now.
  const readableOnDuty = new Set((await urgentReportsReadableOnDuty(actor, now).select("reports.id").execute()).map((r) => r.id));
  const items = await Promise.all(
    rows.map(async (n) => ({
      id: n.id,
      reportId: n.report_id,
      // A burst's grouped alert shows the way to the inbox, not one report.
      burst: n.burst,
      school: `${localize({ kk: n.name_kk, ru: n.name_ru, en: n.name_en }, lang)} (${formatSchoolCode(n.school_code)})`,
      kind: lifeSafetyLabels(n.categories, lang),
      arrived: formatDateTime(lang, n.submitted_at),
      calledAt: formatDateTime(lang, n.created_at),
      step: stepLabel(actor.region, n.rung, lang),
      calls: (await callListFor(actor, n.report_id, now.toISOString())) ?? null,
      dutyRead: n.rung === "duty" ? readableOnDuty.has(n.report_id) : null,
      acknowledged: n.acknowledged_at ? { by: n.acknowledged_by ?? "", at: formatDateTime(lang, n.acknowledged_at) } : null,
      handoff:
        canHandOff && n.top_reached_at
          ? {
              doneAt: n.handoff_at ? formatDateTime(lang, n.handoff_at) : null,
              summary: n.handoff_at ? null : await handoffSummary(actor, n.report_id, lang),
            }
          : null,
    })),
  );
  const news = await readingRightsNews(actor);
  const readers = {
    pending: news.pending.map((u) => ({ id: u.id, name: u.display_name, email: u.email })),
    confirmed: news.confirmed.map((u) => ({
      id: u.id,
      name: u.display_name,
      email: u.email,
      when: formatDateTime(lang, u.reading_confirmed_at!),
    })),
  };
  return { items, readers, readsReports: may(actor, "read:report:school"), digest: (await todaysDigest(actor, now)) ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const id = idField(form, "reportId");
  const intent = formString(form, "intent");
  if (intent === "acknowledge") {
    const outcome = await acknowledgeUrgentReport(actor, id);
    if (!outcome) throw notFound();
    return { reportId: id, acknowledged: outcome, handoffError: undefined as MessageKey | undefined };
  }
  if (intent === "handoff") {
    const input = parseForm(form, handoffSchema, "escalation.handoff.error");
    if (!input.ok) return data({ reportId: id, acknowledged: undefined, handoffError: input.error }, 400);
    if (!(await recordHandoff(actor, id, input.data.channel, input.data.reference))) throw notFound();
    return { reportId: id, acknowledged: undefined, handoffError: undefined };
  }
  return data({ reportId: id, acknowledged: undefined, handoffError: "error.400" as MessageKey }, 400);
}

export default function StaffNotifications() {
  const { items, readers, readsReports, digest } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      {digest && (
        <section className="card" aria-labelledby="digest-title" id="digest">
          <h2 id="digest-title">{t("digest.title")}</h2>
          <ul>
            {digest.overdueTasks > 0 && <li>{t("digest.tasks", { count: digest.overdueTasks })}</li>}
            {digest.unansweredReports > 0 && <li>{t("digest.reports", { count: digest.unansweredReports })}</li>}
            {digest.overdueReferrals > 0 && <li>{t("digest.referrals", { count: digest.overdueReferrals })}</li>}
          </ul>
        </section>
      )}
      <section className="card">
        <h1>{t("escalation.notifications.title")}</h1>
        <p className="hint">{t("escalation.notifications.intro")}</p>
        {items.length === 0 && <p>{t("escalation.notifications.empty")}</p>}
      </section>
      {(readers.pending.length > 0 || readers.confirmed.length > 0) && (
        <section className="card" aria-labelledby="readers-title" data-new-readers>
          <h2 id="readers-title">{t("readingRights.news.title")}</h2>
          <ul>
            {readers.pending.map((u) => (
              <li key={`p-${u.id}`} data-pending-reader={u.id}>
                {t("readingRights.news.pending", { name: u.name, email: u.email })}
              </li>
            ))}
            {readers.confirmed.map((u) => (
              <li key={`c-${u.id}`} data-confirmed-reader={u.id}>
                {t("readingRights.news.confirmed", { name: u.name, email: u.email, when: u.when })}
              </li>
            ))}
          </ul>
          <p className="hint">{t("readingRights.news.hint")}</p>
        </section>
      )}
      {items.map((n) =>
        n.burst ? (
          <section key={n.id} className="card urgent" aria-labelledby={`n-${n.id}`} data-burst={n.id}>
            <h2 id={`n-${n.id}`}>
              <span className="badge danger">{t("inbox.urgent")}</span> {t("flood.notification.title", { school: n.school })}
            </h2>
            <p>{t("flood.notification.body", { count: n.burst.count, minutes: n.burst.minutes })}</p>
            <dl className="facts">
              <dt>{t("escalation.notifications.step")}</dt>
              <dd>{n.step}</dd>
              <dt>{t("escalation.notifications.calledAt")}</dt>
              <dd>{n.calledAt}</dd>
            </dl>
            {readsReports && (
              <p>
                <Link to="/school/reports?status=urgent">{t("flood.notification.open")}</Link>
              </p>
            )}
          </section>
        ) : (
          <section key={n.id} className={n.acknowledged ? "card" : "card urgent"} aria-labelledby={`n-${n.id}`} data-report={n.reportId}>
            <h2 id={`n-${n.id}`}>
              {!n.acknowledged && <span className="badge danger">{t("inbox.urgent")}</span>}{" "}
              {t("escalation.notifications.report", { id: n.reportId })}
            </h2>
            <dl className="facts">
              <dt>{t("escalation.notifications.school")}</dt>
              <dd>{n.school}</dd>
              <dt>{t("escalation.notifications.kind")}</dt>
              <dd>{n.kind}</dd>
              <dt>{t("escalation.notifications.arrived")}</dt>
              <dd>{n.arrived}</dd>
              <dt>{t("escalation.notifications.step")}</dt>
              <dd>{n.step}</dd>
              <dt>{t("escalation.notifications.calledAt")}</dt>
              <dd>{n.calledAt}</dd>
            </dl>
            {result?.reportId === n.reportId && result.acknowledged && (
              <p className="notice" role="status">
                {t(result.acknowledged === "acknowledged" ? "escalation.ack.saved" : "escalation.ack.already")}
              </p>
            )}
            {n.acknowledged ? (
              <p>
                <strong>{t("escalation.ack.done", { name: n.acknowledged.by, at: n.acknowledged.at })}</strong>
              </p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="acknowledge" />
                <input type="hidden" name="reportId" value={n.reportId} />
                <button type="submit" className="button">
                  {t("escalation.ack.button")}
                </button>
              </Form>
            )}
            {n.dutyRead !== null ? (
              <p>{n.dutyRead ? <Link to={`/staff/urgent/${n.reportId}`}>{t("ladder.open")}</Link> : t("ladder.offDuty")}</p>
            ) : (
              readsReports && (
                <p>
                  <Link to={`/school/reports/${n.reportId}`}>{t("escalation.notifications.open")}</Link>
                </p>
              )
            )}
            {n.calls && <CallList list={n.calls} id={`n-${n.id}`} />}
            {n.handoff && (
              <div className="handoff">
                <h3>{t("escalation.handoff.title")}</h3>
                {n.handoff.doneAt ? (
                  <p>
                    <strong>{t("escalation.handoff.done", { at: n.handoff.doneAt })}</strong>
                  </p>
                ) : (
                  <>
                    <p className="hint">{t("escalation.handoff.intro")}</p>
                    <label htmlFor={`summary-${n.id}`}>{t("escalation.handoff.summary")}</label>
                    <textarea id={`summary-${n.id}`} readOnly rows={9} defaultValue={n.handoff.summary ?? ""} />
                    <Form method="post">
                      <input type="hidden" name="intent" value="handoff" />
                      <input type="hidden" name="reportId" value={n.reportId} />
                      <fieldset>
                        <legend>{t("escalation.handoff.channel")}</legend>
                        {(["phone", "sent"] as const).map((c) => (
                          <label key={c} className="choice">
                            <input type="radio" name="channel" value={c} required /> {t(`escalation.handoff.channel.${c}`)}
                          </label>
                        ))}
                      </fieldset>
                      <label htmlFor={`reference-${n.id}`}>{t("escalation.handoff.reference")}</label>
                      <input id={`reference-${n.id}`} name="reference" maxLength={100} autoComplete="off" />
                      {result?.reportId === n.reportId && result.handoffError && (
                        <p className="field-error" role="alert">
                          {t(result.handoffError)}
                        </p>
                      )}
                      <button type="submit" className="button">
                        {t("escalation.handoff.record")}
                      </button>
                    </Form>
                  </>
                )}
              </div>
            )}
          </section>
        ),
      )}
    </>
  );
}
