import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from "~/components/fields";
import { ReferralAnswerFacts } from "~/components/referral-answer";
import { serviceKinds } from "~/content/services";
import { logAccess } from "~/domain/audit/access-log.server";
import { localToday } from "~/domain/calendar/local-date";
import { referralSummary } from "~/domain/referrals/referral-summary.server";
import { REFERRAL_LIMITS, referralSchema } from "~/domain/referrals/referral-input";
import { caseReferrals, formatDay, isOverdue, sendReferral } from "~/domain/referrals/referrals.server";
import { activeServices } from "~/domain/referrals/services.server";
import { requireCase, requireEditableCase } from "~/http/case-request.server";
import { formString, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "referrals.title");

/** A reviewed summary of 8,000 Kazakh characters is about 48 KB URL-encoded, plus the consent fields. */
const MAX_REFERRAL_FORM_BYTES = 128 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(context);
  const access = requireCase(context);
  const lang = resolveLanguage(request, actor.user.language);
  const today = localToday();
  const [referrals, services, summary] = await Promise.all([
    caseReferrals(actor, access),
    access.mode === "edit" ? activeServices(actor) : [],
    access.mode === "edit" ? referralSummary(actor, access.caseId, lang) : undefined,
  ]);
  await logAccess(actor, "view", "case", access.caseId);
  // Times are worded here, in the reader's language, never in the browser.
  return {
    caseId: access.caseId,
    canSend: access.mode === "edit",
    summary: summary ?? "",
    serviceGroups: serviceKinds
      .map((k) => ({
        kind: k.id,
        label: k.label,
        services: services
          .filter((s) => s.kind === k.id)
          .map((s) => ({ id: s.id, name: { kk: s.name_kk, ru: s.name_ru, en: s.name_en }, days: s.response_days })),
      }))
      .filter((g) => g.services.length > 0),
    referrals: referrals.map((r) => ({
      id: r.id,
      service: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
      status: r.status,
      overdue: isOverdue(r, today),
      sentAt: formatDateTime(lang, r.sent_at),
      sender: r.sender_name,
      respondBy: formatDay(lang, r.respond_by),
      answeredAt: r.answered_at ? formatDateTime(lang, r.answered_at) : null,
      completedAt: r.completed_at ? formatDateTime(lang, r.completed_at) : null,
      basis: r.consent_basis,
      declineReason: r.decline_reason,
      actionTaken: r.action_taken,
      outcome: r.outcome,
    })),
  };
}

type SendValues = {
  serviceId: string;
  basis: string;
  guardianConsent: string;
  childVoice: string;
  dangerReason: string;
  summary: string;
  reviewed: string;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context);
  // The school that transferred the case keeps a read-only record: it may look, not send.
  const access = requireEditableCase(context);
  const form = await readForm(request, MAX_REFERRAL_FORM_BYTES);
  // What was posted, to fill the form again after a problem.
  const values = Object.fromEntries(
    (["serviceId", "basis", "guardianConsent", "childVoice", "dangerReason", "summary", "reviewed"] as const).map((k) => [
      k,
      formString(form, k),
    ]),
  ) as SendValues;
  const parsed = parseForm(form, referralSchema, "referrals.error.summary");
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, values }, 400);
  const sent = await sendReferral(actor, access, parsed.data, localToday());
  if (!sent.ok && sent.problem === "case") throw new Response(null, { status: 403 });
  if (!sent.ok) return data({ errors: { serviceId: "referrals.error.serviceInactive" as MessageKey }, values }, 400);
  return redirect(`/school/cases/${access.caseId}/referrals?sent=${sent.id}`);
}

export default function CaseReferrals() {
  const { caseId, canSend, summary, serviceGroups, referrals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  const values = result?.values;
  return (
    <>
      <p>
        <Link to={`/school/cases/${caseId}`}>← {t("referrals.back")}</Link>
      </p>
      <section className="card">
        <h1>{t("referrals.title")}</h1>
        <p className="hint">{t("referrals.caseTitle", { id: caseId })}</p>
        {params.get("sent") && (
          <p className="notice" role="status">
            {t("referrals.sentNotice")}
          </p>
        )}
        {!canSend && <p className="notice">{t("referrals.readOnly")}</p>}
        <h2>{t("referrals.list")}</h2>
        {referrals.length === 0 ? (
          <p>{t("referrals.none")}</p>
        ) : (
          <ul className="plain referral-list">
            {referrals.map((r) => (
              <li key={r.id} className={r.overdue ? "overdue" : undefined}>
                <h3>
                  {r.overdue && <span className="badge danger">{t("referrals.overdue")}</span>} {localize(r.service, lang)}
                </h3>
                <dl className="facts">
                  <dt>{t("referrals.statusLabel")}</dt>
                  <dd>{t(`referrals.status.${r.status}`)}</dd>
                  <dt>{t("referrals.sentAt")}</dt>
                  <dd>{r.sentAt}</dd>
                  <dt>{t("referrals.sentBy")}</dt>
                  <dd>{r.sender}</dd>
                  <dt>{t("referrals.respondBy")}</dt>
                  <dd className={r.overdue ? "behind" : undefined}>{r.respondBy}</dd>
                  <dt>{t("referrals.basis")}</dt>
                  <dd>{t(`referrals.basis.${r.basis}`)}</dd>
                  <ReferralAnswerFacts referral={r} />
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canSend && (
        <section className="card">
          <h2>{t("referrals.new")}</h2>
          <ErrorSummary errors={errors} title={t("referrals.errorTitle")} />
          {serviceGroups.length === 0 ? (
            <p>{t("referrals.noServices")}</p>
          ) : (
            <Form method="post" key={values ? "retry" : "fresh"}>
              <label htmlFor="serviceId">{t("referrals.service")}</label>
              <p className="hint" id="serviceId-hint">
                {t("referrals.serviceHint")}
              </p>
              <select
                id="serviceId"
                name="serviceId"
                defaultValue={values?.serviceId ?? ""}
                required
                {...describedBy("serviceId", errors, true)}
              >
                <option value="">{t("referrals.choose")}</option>
                {serviceGroups.map((g) => (
                  <optgroup key={g.kind} label={localize(g.label, lang)}>
                    {g.services.map((s) => (
                      <option key={s.id} value={s.id}>
                        {t("referrals.serviceOption", { name: localize(s.name, lang), days: s.days })}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldError id="serviceId" error={errors.serviceId} />

              <fieldset id="basis" aria-describedby={errors.basis ? "basis-hint basis-error" : "basis-hint"}>
                <legend>{t("referrals.consentLegend")}</legend>
                <p className="hint" id="basis-hint">
                  {t("referrals.consentHint")}
                </p>
                <label className="choice">
                  <input type="radio" name="basis" value="consent" defaultChecked={values?.basis === "consent"} required />
                  {t("referrals.basis.consent")}
                </label>
                <label className="choice">
                  <input type="radio" name="basis" value="immediate_danger" defaultChecked={values?.basis === "immediate_danger"} />
                  {t("referrals.basis.immediate_danger")}
                </label>
                <FieldError id="basis" error={errors.basis} />
              </fieldset>

              <label htmlFor="guardianConsent">{t("referrals.guardianConsent")}</label>
              <p className="hint" id="guardianConsent-hint">
                {t("referrals.guardianConsentHint")}
              </p>
              <textarea
                id="guardianConsent"
                name="guardianConsent"
                rows={2}
                maxLength={REFERRAL_LIMITS.consent}
                defaultValue={values?.guardianConsent}
                {...describedBy("guardianConsent", errors, true)}
              />
              <FieldError id="guardianConsent" error={errors.guardianConsent} />

              <label htmlFor="childVoice">{t("referrals.childVoice")}</label>
              <p className="hint" id="childVoice-hint">
                {t("referrals.childVoiceHint")}
              </p>
              <textarea
                id="childVoice"
                name="childVoice"
                rows={2}
                maxLength={REFERRAL_LIMITS.consent}
                defaultValue={values?.childVoice}
                {...describedBy("childVoice", errors, true)}
              />
              <FieldError id="childVoice" error={errors.childVoice} />

              <label htmlFor="dangerReason">{t("referrals.dangerReason")}</label>
              <p className="hint" id="dangerReason-hint">
                {t("referrals.dangerReasonHint")}
              </p>
              <textarea
                id="dangerReason"
                name="dangerReason"
                rows={2}
                maxLength={REFERRAL_LIMITS.consent}
                defaultValue={values?.dangerReason}
                {...describedBy("dangerReason", errors, true)}
              />
              <FieldError id="dangerReason" error={errors.dangerReason} />

              <label htmlFor="summary">{t("referrals.summary")}</label>
              <p className="hint" id="summary-hint">
                {t("referrals.summaryHint")}
              </p>
              <textarea
                id="summary"
                name="summary"
                rows={16}
                maxLength={REFERRAL_LIMITS.summary}
                required
                defaultValue={values?.summary ?? summary}
                {...describedBy("summary", errors, true)}
              />
              <FieldError id="summary" error={errors.summary} />

              <label className="choice" htmlFor="reviewed">
                <input
                  type="checkbox"
                  id="reviewed"
                  name="reviewed"
                  value="yes"
                  required
                  defaultChecked={values?.reviewed === "yes"}
                  {...describedBy("reviewed", errors)}
                />
                {t("referrals.reviewed")}
              </label>
              <FieldError id="reviewed" error={errors.reviewed} />

              <button type="submit" className="button">
                {t("referrals.send")}
              </button>
            </Form>
          )}
        </section>
      )}
    </>
  );
}
