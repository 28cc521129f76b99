import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from "~/components/fields";
import { caseModel } from "~/content/case-models";
import {
  MAX_TRANSFER_NOTE_CHARS,
  requestTransfer,
  transferPage,
  transferSchema,
  transferTargets,
  type TransferProblem,
} from "~/domain/cases/transfers.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireCase } from "~/http/case-request.server";
import { formString, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "caseRecords.transfer.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(context);
  const access = requireCase(context);
  const page = await transferPage(actor, access);
  const lang = resolveLanguage(request, actor.user.language);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const canRequest = access.mode === "edit" && !page.pending;
  const targets = canRequest ? await transferTargets(actor, query) : { schools: [], more: false };
  const school = (t: { to_code: string; to_name_kk: string; to_name_ru: string; to_name_en: string }) =>
    `${formatSchoolCode(t.to_code)} · ${localize({ kk: t.to_name_kk, ru: t.to_name_ru, en: t.to_name_en }, lang)}`;
  // Grouped by district, in the order the query returned them, for <optgroup>s.
  const districts = new Map<string, Array<{ code: string; label: string }>>();
  for (const s of targets.schools) {
    const district = localize({ kk: s.d_kk, ru: s.d_ru, en: s.d_en }, lang);
    const list = districts.get(district) ?? [];
    list.push({ code: s.code, label: `${formatSchoolCode(s.code)} · ${localize({ kk: s.name_kk, ru: s.name_ru, en: s.name_en }, lang)}` });
    districts.set(district, list);
  }
  return {
    caseId: access.caseId,
    model: page.case.model,
    status: page.case.status,
    readOnlyUntil: access.mode === "read" ? formatDateTime(lang, access.until) : null,
    canRequest,
    query,
    targets: [...districts].map(([district, schools]) => ({ district, schools })),
    moreTargets: targets.more,
    linkedReports: page.linkedReports,
    maxNote: MAX_TRANSFER_NOTE_CHARS,
    pending: page.pending && {
      school: school(page.pending),
      note: page.pending.note,
      requestedBy: page.pending.requested_by,
      requestedAt: formatDateTime(lang, page.pending.requested_at),
    },
    history: page.history.map((t) => ({
      id: t.id,
      state: t.state,
      school: school(t),
      note: t.note,
      requestedAt: formatDateTime(lang, t.requested_at),
      answeredAt: t.answered_at ? formatDateTime(lang, t.answered_at) : "",
      declineReason: t.decline_reason ?? "",
    })),
  };
}

const problemAnswer: Record<Exclude<TransferProblem, "not_found" | "read_only">, { field: string; key: MessageKey; status: number }> = {
  school: { field: "school", key: "caseRecords.transfer.error.school", status: 400 },
  same_school: { field: "school", key: "caseRecords.transfer.error.sameSchool", status: 400 },
  pending: { field: "school", key: "caseRecords.transfer.error.pending", status: 409 },
};

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context);
  const access = requireCase(context);
  const form = await readForm(request);
  const values = { school: formString(form, "school"), note: formString(form, "note") };
  const parsed = parseForm(form, transferSchema, "caseRecords.transfer.error.school");
  if (!parsed.ok) return data({ errors: parsed.errors as FieldErrors, values }, 400);
  const result = await requestTransfer(actor, access, { schoolCode: parsed.data.school, note: parsed.data.note });
  if (!result.ok) {
    // The other school accepted it meanwhile: the record stays, the right to change it went with the case.
    if (result.problem === "not_found" || result.problem === "read_only") throw new Response(null, { status: 403 });
    const answer = problemAnswer[result.problem];
    return data({ errors: { [answer.field]: answer.key } as FieldErrors, values }, answer.status);
  }
  return redirect(`/school/cases/${access.caseId}/transfer?requested=1`);
}

const stateKey = {
  accepted: "caseRecords.transfer.state.accepted",
  declined: "caseRecords.transfer.state.declined",
  pending: "caseRecords.transfer.state.pending",
} as const;

export default function CaseTransfer() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const errors: FieldErrors = result?.errors ?? {};
  return (
    <>
      <p>
        <Link to={`/school/cases/${page.caseId}`}>← {t("caseRecords.backToCase", { id: page.caseId })}</Link>
      </p>
      <section className="card">
        <h1>{t("caseRecords.transfer.heading", { id: page.caseId })}</h1>
        <p>
          {localize(caseModel(page.model).label, lang)} · {t(`caseRecords.caseStatus.${page.status}`)}
        </p>
        {page.readOnlyUntil && <p className="notice">{t("caseRecords.readOnly", { until: page.readOnlyUntil })}</p>}
        {params.get("requested") && page.pending && (
          <p className="notice" role="status">
            {t("caseRecords.transfer.requested")}
          </p>
        )}
        {page.pending && (
          <>
            <h2>{t("caseRecords.transfer.pendingHeading")}</h2>
            <dl className="facts">
              <dt>{t("caseRecords.transfer.to")}</dt>
              <dd>{page.pending.school}</dd>
              <dt>{t("caseRecords.transfer.requestedBy")}</dt>
              <dd>
                {page.pending.requestedBy} · {page.pending.requestedAt}
              </dd>
              <dt>{t("caseRecords.transfer.note")}</dt>
              <dd className="body">{page.pending.note}</dd>
            </dl>
            <p className="hint">{t("caseRecords.transfer.pendingHint")}</p>
          </>
        )}
        <p className="hint">{t("caseRecords.transfer.reportsStay", { count: page.linkedReports })}</p>
      </section>

      {page.canRequest && (
        <section className="card">
          <h2>{t("caseRecords.transfer.requestHeading")}</h2>
          <p className="hint">{t("caseRecords.transfer.whatTheySee")}</p>
          <Form method="get">
            <label htmlFor="q">{t("caseRecords.transfer.search")}</label>
            <p className="hint" id="q-hint">
              {t("caseRecords.transfer.searchHint")}
            </p>
            <div className="inline">
              <input id="q" name="q" type="search" defaultValue={page.query} maxLength={100} aria-describedby="q-hint" />
              <button type="submit" className="button secondary">
                {t("caseRecords.transfer.searchSubmit")}
              </button>
            </div>
          </Form>
          <ErrorSummary errors={errors} title={t("caseRecords.errorSummary")} />
          {page.targets.length === 0 ? (
            <p>{t("caseRecords.transfer.noSchools")}</p>
          ) : (
            <Form method="post">
              <label htmlFor="school">{t("caseRecords.transfer.to")}</label>
              {page.moreTargets && (
                <p className="hint" id="school-hint">
                  {t("caseRecords.transfer.moreSchools")}
                </p>
              )}
              <select
                id="school"
                name="school"
                required
                defaultValue={result?.values.school ?? ""}
                {...describedBy("school", errors, page.moreTargets)}
              >
                <option value="">{t("caseRecords.choose")}</option>
                {page.targets.map((d) => (
                  <optgroup key={d.district} label={d.district}>
                    {d.schools.map((s) => (
                      <option key={s.code} value={s.code}>
                        {s.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldError id="school" error={errors.school} />
              <label htmlFor="note">{t("caseRecords.transfer.note")}</label>
              <p className="hint" id="note-hint">
                {t("caseRecords.transfer.noteHint")}
              </p>
              <textarea
                id="note"
                name="note"
                rows={5}
                required
                maxLength={page.maxNote}
                defaultValue={result?.values.note ?? ""}
                {...describedBy("note", errors, true)}
              />
              <FieldError id="note" error={errors.note} />
              <button type="submit" className="button">
                {t("caseRecords.transfer.submit")}
              </button>
            </Form>
          )}
        </section>
      )}

      {page.history.length > 0 && (
        <section className="card">
          <h2>{t("caseRecords.transfer.history")}</h2>
          <ul className="plain entries">
            {page.history.map((h) => (
              <li key={h.id}>
                <p>
                  <strong>{t(stateKey[h.state])}</strong> · {h.school}
                </p>
                <p className="small">
                  {t("caseRecords.transfer.requestedOn", { date: h.requestedAt })} ·{" "}
                  {t("caseRecords.transfer.answeredOn", { date: h.answeredAt })}
                </p>
                {h.declineReason && (
                  <p className="body small">
                    {t("caseRecords.transfer.declineReason")}: {h.declineReason}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
