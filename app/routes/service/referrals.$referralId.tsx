import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { FieldError, describedBy, type FieldErrors } from "~/components/fields";
import { ReferralAnswerFacts } from "~/components/referral-answer";
import { localToday } from "~/domain/calendar/local-date";
import { REFERRAL_LIMITS, referralAnswerSchema } from "~/domain/referrals/referral-input";
import { answerReferral, formatDay, isOverdue, openServiceReferral } from "~/domain/referrals/referrals.server";
import { formString, idParam, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "referrals.inbox.title");

// Another service's referral and a missing one answer alike (404).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "referralId");
  const r = await openServiceReferral(actor, id);
  if (!r) throw notFound();
  const lang = resolveLanguage(request, actor.user.language);
  return {
    referral: {
      id: r.id,
      status: r.status,
      overdue: isOverdue(r, localToday()),
      service: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
      school: { kk: r.school_kk, ru: r.school_ru, en: r.school_en },
      sender: r.sender_name,
      sentAt: formatDateTime(lang, r.sent_at),
      respondBy: formatDay(lang, r.respond_by),
      answeredAt: r.answered_at ? formatDateTime(lang, r.answered_at) : null,
      completedAt: r.completed_at ? formatDateTime(lang, r.completed_at) : null,
      basis: r.consent_basis,
      guardianConsent: r.guardian_consent,
      childVoice: r.child_voice,
      dangerReason: r.danger_reason,
      summary: r.summary,
      declineReason: r.decline_reason,
      actionTaken: r.action_taken,
      outcome: r.outcome,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const id = idParam(params, "referralId");
  const form = await readForm(request);
  const values = { reason: formString(form, "reason"), actionTaken: formString(form, "actionTaken"), outcome: formString(form, "outcome") };
  const parsed = parseForm(form, referralAnswerSchema, "error.400");
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, values }, 400);
  const result = await answerReferral(actor, id, parsed.data);
  if (!result.ok && result.problem === "not_found") throw notFound();
  if (!result.ok) return data({ errors: { intent: "referrals.error.state" as MessageKey } as FieldErrors, values }, 409);
  return redirect(`/service/referrals/${id}?answered=1`);
}

export default function ServiceReferral() {
  const { referral: r } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/service/referrals">← {t("referrals.view.back")}</Link>
      </p>
      <section className={r.overdue ? "card urgent" : "card"}>
        <h1>
          {r.overdue && <span className="badge danger">{t("referrals.overdue")}</span>} {t("referrals.number", { id: r.id })}
        </h1>
        {params.get("answered") && (
          <p className="notice" role="status">
            {t("referrals.view.answered")}
          </p>
        )}
        {errors.intent && (
          <p className="field-error" role="alert">
            {t(errors.intent)}
          </p>
        )}
        <dl className="facts">
          <dt>{t("referrals.view.service")}</dt>
          <dd>{localize(r.service, lang)}</dd>
          <dt>{t("referrals.view.school")}</dt>
          <dd>{localize(r.school, lang)}</dd>
          <dt>{t("referrals.view.sender")}</dt>
          <dd>{r.sender}</dd>
          <dt>{t("referrals.sentAt")}</dt>
          <dd>{r.sentAt}</dd>
          <dt>{t("referrals.respondBy")}</dt>
          <dd className={r.overdue ? "behind" : undefined}>{r.respondBy}</dd>
          <dt>{t("referrals.statusLabel")}</dt>
          <dd>{t(`referrals.status.${r.status}`)}</dd>
        </dl>
        <p className="hint">{t("referrals.view.caseStays")}</p>
      </section>

      <section className="card">
        <h2>{t("referrals.view.consent")}</h2>
        <p>
          <strong>{t(`referrals.basis.${r.basis}`)}</strong>
        </p>
        {r.basis === "consent" ? (
          <>
            <h3>{t("referrals.guardianConsentShort")}</h3>
            <p className="body">{r.guardianConsent}</p>
            <h3>{t("referrals.childVoiceShort")}</h3>
            <p className="body">{r.childVoice}</p>
          </>
        ) : (
          <>
            <h3>{t("referrals.dangerReasonShort")}</h3>
            <p className="body">{r.dangerReason}</p>
          </>
        )}
      </section>

      <section className="card">
        <h2>{t("referrals.summary")}</h2>
        <p className="body referral-summary">{r.summary}</p>
      </section>

      <section className="card">
        <h2>{t("referrals.view.answer")}</h2>
        {r.status === "sent" && (
          <>
            <p className="hint">{t("referrals.view.answerHint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <button type="submit" className="button">
                {t("referrals.view.accept")}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="decline" />
              <label htmlFor="reason">{t("referrals.view.declineReason")}</label>
              <textarea
                id="reason"
                name="reason"
                rows={3}
                maxLength={REFERRAL_LIMITS.declineReason}
                required
                defaultValue={result?.values.reason}
                {...describedBy("reason", errors)}
              />
              <FieldError id="reason" error={errors.reason} />
              <button type="submit" className="button secondary">
                {t("referrals.view.decline")}
              </button>
            </Form>
          </>
        )}
        {r.status === "accepted" && (
          <Form method="post">
            <input type="hidden" name="intent" value="complete" />
            <h3>{t("referrals.view.complete")}</h3>
            <p className="hint">{t("referrals.view.completeHint")}</p>
            <label htmlFor="actionTaken">{t("referrals.view.actionTaken")}</label>
            <textarea
              id="actionTaken"
              name="actionTaken"
              rows={4}
              maxLength={REFERRAL_LIMITS.answer}
              required
              defaultValue={result?.values.actionTaken}
              {...describedBy("actionTaken", errors)}
            />
            <FieldError id="actionTaken" error={errors.actionTaken} />
            <label htmlFor="outcome">{t("referrals.view.outcome")}</label>
            <textarea
              id="outcome"
              name="outcome"
              rows={4}
              maxLength={REFERRAL_LIMITS.answer}
              required
              defaultValue={result?.values.outcome}
              {...describedBy("outcome", errors)}
            />
            <FieldError id="outcome" error={errors.outcome} />
            <button type="submit" className="button">
              {t("referrals.view.completeButton")}
            </button>
          </Form>
        )}
        <dl className="facts">
          <ReferralAnswerFacts referral={r} />
        </dl>
      </section>
    </>
  );
}
