import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { isRouteErrorResponse, useActionData, useLoaderData, useParams, useRouteError } from "react-router";
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from "~/components/fields";
import { CallNowButtons, HelpCard } from "~/components/help-numbers";
import { LocalizedOptions } from "~/components/options";
import { reportOptions, type ReportOption } from "~/content/content";
import { formatReceiptCode } from "~/domain/reports/receipt-code.server";
import { issueFormToken } from "~/domain/reports/form-token.server";
import {
  FORM_TEMPLATE,
  FORM_TOKEN_PLACEHOLDER,
  PAGE_TEMPLATE_HEADER,
  parseReceiptPreview,
  RECEIPT_PLACEHOLDER,
  type ReceiptCase,
} from "~/domain/reports/report-page-templates";
import { receiveReport, reportFormPurpose } from "~/domain/reports/receive-report.server";
import { reportFormValues, type ReportFormValues } from "~/domain/reports/report-input";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { findSchoolByCode } from "~/domain/schools/schools.server";
import { placeOfSchool } from "~/domain/posters/posters.server";
import { posterPlaceId } from "~/domain/posters/poster-place";
import { clientKeyOf, formString, readForm } from "~/http/form.server";
import { receptionContext } from "~/http/request-context.server";
import type { MessageKey } from "~/i18n/dictionary";
import { errorMessageKey } from "~/i18n/errors";
import { localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage, withLang } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";
import type { RouteHandle } from "~/root";

export const handle: RouteHandle = {
  // The receipt page (as the server renders it for a stored report) shows the code once: a
  // language link would reload the empty form and lose it.
  hidesLanguageSwitch: (data) => Boolean((data as { receiptPreview?: unknown } | undefined)?.receiptPreview),
};
export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "report.title");

async function schoolOr404(code: string | undefined) {
  const found = code ? await findSchoolByCode(code) : undefined;
  if (!found) throw new Response(null, { status: 404 });
  return found;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = await schoolOr404(params.schoolCode);
  const { school } = found;
  const template = request.headers.get(PAGE_TEMPLATE_HEADER);
  const preview = parseReceiptPreview(template);
  // A floor's poster names its place (?p=): kept in the form, so the report says where it came from.
  const place = await placeOfSchool(found, posterPlaceId(new URL(request.url).searchParams.get("p")));
  return {
    school: { code: school.code, names: { kk: school.name_kk, ru: school.name_ru, en: school.name_en } },
    place: place?.id ?? null,
    receiptPreview: preview ? { code: RECEIPT_PLACEHOLDER, ...preview } : null,
    formToken: preview ? "" : template === FORM_TEMPLATE ? FORM_TOKEN_PLACEHOLDER : issueFormToken(reportFormPurpose(school.code)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const target = await schoolOr404(params.schoolCode);
  const form = await readForm(request);
  const values = reportFormValues(form);
  const proofs = { honeypot: formString(form, "website"), formToken: formString(form, "formToken") };
  // The fast path may have received it already (limits counted once): reuse its outcome.
  const outcome =
    context.get(receptionContext) ?? (await receiveReport(target, values, proofs, clientKeyOf(context), resolveLanguage(request)));
  // Every form sent back carries a fresh token, so pressing "Send" again works.
  const again = (status: number, errors: FieldErrors, problem?: MessageKey) =>
    data({ values, errors, problem, formToken: issueFormToken(reportFormPurpose(target.school.code)) }, status);
  switch (outcome.kind) {
    case "spam":
      return again(400, {}, "report.error.spam");
    case "invalid":
      return again(400, outcome.errors as FieldErrors);
    case "badToken":
      return again(400, {}, "intake.error.formToken");
    case "limited":
      return again(429, {}, "report.error.tooMany");
    case "unsaved":
      return data(
        {
          values,
          errors: {},
          problem: undefined,
          unsaved: true as const,
          formToken: issueFormToken(reportFormPurpose(target.school.code)),
        },
        503,
      );
    case "already":
      return data({ already: true as const }, 409);
    case "stored": {
      const { receiptCode, urgent, schoolOpen } = outcome.receipt;
      return { receipt: { code: formatReceiptCode(receiptCode), urgent, schoolOpen } };
    }
  }
}

export default function ReportForm() {
  const { school, receiptPreview, place, formToken } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  if (result && "receipt" in result) return <Receipt {...result.receipt} />;
  if (receiptPreview) return <Receipt {...receiptPreview} />;
  if (result && "already" in result) return <AlreadyReceived schoolCode={school.code} />;
  const problem = result?.problem;

  const values: Partial<ReportFormValues> = result?.values ?? {};
  const errors: FieldErrors = result?.errors ?? {};
  const { limits: max } = reportOptions;
  const bullying = reportOptions.categories.filter((c) => !c.lifeSafety);
  const lifeSafety = reportOptions.categories.filter((c) => c.lifeSafety);
  return (
    <section className="card">
      <h1>{t("report.title")}</h1>
      <p className="school-name">
        {localize(school.names, lang)} <span className="code">{formatSchoolCode(school.code)}</span>
      </p>
      <p>{t("report.anonymous")}</p>
      <p className="hint">{t("intake.requiredOnly")}</p>
      {result && "unsaved" in result && <NotSaved retry />}
      <ErrorSummary errors={errors} title={t("report.error.summary")} />
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      <form method="post" action={withLang(`/r/${school.code}`, lang)} noValidate>
        <fieldset id="reporterRole" {...describedBy("reporterRole", errors)}>
          <legend>
            {t("report.who")} <span className="hint">{t("intake.optional")}</span>
          </legend>
          <Choices type="radio" name="reporterRole" options={reportOptions.reporterRoles} checked={[values.reporterRole]} />
        </fieldset>

        <fieldset id="categories" {...describedBy("categories", errors, true)}>
          <legend>{t("report.what")}</legend>
          <p className="hint" id="categories-hint">
            {t("report.whatHint")}
          </p>
          <FieldError id="categories" error={errors.categories} />
          <Choices type="checkbox" name="categories" options={bullying} checked={values.categories ?? []} />
          <p className="life-safety-title">{t("report.lifeSafety")}</p>
          <Choices type="checkbox" name="categories" options={lifeSafety} checked={values.categories ?? []} />
        </fieldset>

        <Select name="location" label={t("report.where")} options={reportOptions.locations} value={values.location} />
        <Select name="frequency" label={t("report.howOften")} options={reportOptions.frequencies} value={values.frequency} />
        <Select name="since" label={t("report.since")} options={reportOptions.since} value={values.since} />

        <label htmlFor="grade">{t("report.grade")}</label>
        <select id="grade" name="grade" defaultValue={values.grade ?? ""} {...describedBy("grade", errors)}>
          <option value="">{t("report.gradeNone")}</option>
          {Array.from({ length: 11 }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>
        <FieldError id="grade" error={errors.grade} />

        <label htmlFor="description">{t("report.description")}</label>
        <p className="hint" id="description-hint">
          {t("report.descriptionHint", { max: max.descriptionMaxChars })}
        </p>
        <textarea
          id="description"
          name="description"
          rows={6}
          maxLength={max.descriptionMaxChars * 2}
          defaultValue={values.description ?? ""}
          {...describedBy("description", errors, true)}
        />
        <FieldError id="description" error={errors.description} />

        <fieldset id="contact">
          <legend>{t("report.contactTitle")}</legend>
          <p className="hint">{t("report.contactHint")}</p>
          <label className="choice">
            <input type="checkbox" name="contactRequested" value="yes" defaultChecked={values.contactRequested === "yes"} />
            {t("report.contactRequested")}
          </label>
          <label htmlFor="contactName">{t("report.contactName")}</label>
          <input
            id="contactName"
            name="contactName"
            maxLength={max.contactMaxChars}
            defaultValue={values.contactName ?? ""}
            {...describedBy("contactName", errors)}
          />
          <FieldError id="contactName" error={errors.contactName} />
          <label htmlFor="contactClass">{t("report.contactClass")}</label>
          <input
            id="contactClass"
            name="contactClass"
            maxLength={max.contactMaxChars}
            defaultValue={values.contactClass ?? ""}
            {...describedBy("contactClass", errors)}
          />
          <FieldError id="contactClass" error={errors.contactClass} />
        </fieldset>

        {(values.place ?? place) && <input type="hidden" name="place" value={values.place ?? String(place)} />}
        {/* Signed and single-use (app/domain/reports/form-token.server.ts): no identity, no cookie. */}
        <input type="hidden" name="formToken" value={result && "formToken" in result ? result.formToken : formToken} />
        <div className="hp" aria-hidden="true">
          <label htmlFor="website">Website</label>
          <input id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          {t("report.send")}
        </button>
      </form>
    </section>
  );
}

function Choices({
  type,
  name,
  options,
  checked,
}: {
  type: "radio" | "checkbox";
  name: string;
  options: ReportOption[];
  checked: Array<string | undefined>;
}) {
  const lang = useLang();
  return (
    <>
      {options.map((o) => (
        <label key={o.id} className="choice">
          <input type={type} name={name} value={o.id} defaultChecked={checked.includes(o.id)} />
          {localize(o.label, lang)}
        </label>
      ))}
    </>
  );
}

/** An optional question: its options end with "I'd rather not say" (content/report-options.json). */
function Select({ name, label, options, value }: { name: string; label: string; options: ReportOption[]; value?: string }) {
  const t = useT();
  return (
    <>
      <label htmlFor={name}>{label}</label>
      <p className="hint" id={`${name}-optional`}>
        {t("intake.optional")}
      </p>
      <select id={name} name={name} defaultValue={value ?? ""} aria-describedby={`${name}-optional`}>
        <option value="">{t("report.chooseChild")}</option>
        <LocalizedOptions options={options} />
      </select>
    </>
  );
}

/** Storage failed: no receipt, the numbers to call now, as links a phone dials. */
function NotSaved({ retry }: { retry: boolean }) {
  const t = useT();
  return (
    <div className="not-saved" role="alert">
      <h2>{t(retry ? "integrity.unsaved.title" : "integrity.formDown.title")}</h2>
      <p>{t("integrity.unsaved.call")}</p>
      <CallNowButtons />
      {retry && <p>{t("integrity.unsaved.retry")}</p>}
    </div>
  );
}

const truthKey = ({ urgent, schoolOpen }: ReceiptCase) =>
  urgent
    ? schoolOpen
      ? "intake.truth.urgentOpen"
      : "intake.truth.urgentClosed"
    : schoolOpen
      ? "intake.truth.calmOpen"
      : "intake.truth.calmClosed";

function Receipt({ code, urgent, schoolOpen }: { code: string } & ReceiptCase) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      {urgent && (
        <section className="card urgent" role="alert">
          <h1>{t("receipt.urgentTitle")}</h1>
          <p>{t("receipt.urgentNow")}</p>
          <CallNowButtons />
          <p>{t(truthKey({ urgent, schoolOpen }))}</p>
        </section>
      )}
      <section className="card">
        {urgent ? <h2>{t("receipt.title")}</h2> : <h1>{t("receipt.title")}</h1>}
        {!urgent && <p className="notice">{t(truthKey({ urgent, schoolOpen }))}</p>}
        <p>{t("receipt.codeIntro")}</p>
        <p className="receipt-code" aria-label={t("receipt.codeLabel")}>
          {code}
        </p>
        <ol>
          <li>{t("receipt.step1")}</li>
          <li>{t(urgent ? "intake.next.urgent" : "intake.next.calm")}</li>
          <li>{t("receipt.step3")}</li>
        </ol>
        <p>
          <a className="button secondary" href={withLang("/status", lang)}>
            {t("receipt.statusLink")}
          </a>
        </p>
      </section>
      <HelpCard />
    </>
  );
}

/** A re-sent form (a refresh, a restored tab): its report is stored already, and the code was shown once. */
function AlreadyReceived({ schoolCode }: { schoolCode: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <section className="card" role="alert">
        <h1>{t("intake.already.title")}</h1>
        <p>{t("intake.already.body")}</p>
        <p>{t("receipt.urgentNow")}</p>
        <CallNowButtons />
        <p>
          <a className="button secondary" href={withLang(`/r/${schoolCode}`, lang)}>
            {t("intake.already.again")}
          </a>
        </p>
      </section>
      <HelpCard />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const lang = useLang();
  const { schoolCode } = useParams();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (isRouteErrorResponse(error) && error.status === 503) {
    return (
      <section className="card">
        <NotSaved retry={false} />
      </section>
    );
  }
  const key = notFound ? "report.schoolNotFound" : errorMessageKey(isRouteErrorResponse(error) ? error.status : 500);
  return (
    <section className="card">
      {/* Only something shaped like a code is echoed: the page must not print a stranger's words. */}
      <h1>{t(key, { code: /^[\p{L}\d-]{1,12}$/u.test(schoolCode ?? "") ? schoolCode! : "" })}</h1>
      <p>{t("report.findSchoolHint")}</p>
      <p>
        <a className="button" href={withLang("/report", lang)}>
          {t("finder.title")}
        </a>
      </p>
    </section>
  );
}
