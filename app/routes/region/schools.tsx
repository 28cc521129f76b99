import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type RouterContextProvider } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { recordId } from "~/domain/input/record-id";
import { describedBy, ErrorSummary, FieldError, type FieldErrors } from "~/components/fields";
import { LinkMade, PersonInviteFields, type MadeLink } from "~/components/invitation";
import { schoolAdminInviteSchema } from "~/domain/auth/invite-input";
import { accountLinkPath } from "~/domain/auth/one-time-links.server";
import { inviteSchoolAdmin, renewSchoolAdminLink } from "~/domain/auth/staff-accounts.server";
import { csvFileText } from "~/domain/csv/csv-table";
import { may } from "~/domain/policy/policy.server";
import { NAME_MAX, SCHOOLS_CSV_COLUMNS } from "~/domain/schools/region-setup-format";
import {
  addDistrict,
  addSchool,
  importSchoolsCsv,
  regionSchools,
  type SchoolsCsvProblem,
  type SetupProblem,
} from "~/domain/schools/region-setup.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "onboarding.title");

async function requireRegionAdmin(context: Readonly<RouterContextProvider>) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:schools:region")) throw new Response(null, { status: 403 });
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return { districts: await regionSchools(await requireRegionAdmin(context)) };
}

const problemKey = (p: SetupProblem): MessageKey => `onboarding.error.${p}`;
type ActionResult =
  | { form: "district"; error?: MessageKey; done?: true }
  | { form: "school"; error?: MessageKey; code?: string }
  | { form: "import"; problems?: SchoolsCsvProblem[]; codes?: string[] }
  | { form: "invite"; errors: FieldErrors; made?: MadeLink }
  | { form: "renew"; userId: number; made: MadeLink };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRegionAdmin(context);
  const form = await readForm(request);
  const field = (name: string) => formString(form, name);
  const names = { kk: field("nameKk"), ru: field("nameRu"), en: field("nameEn") };
  const fail = (r: ActionResult) => data<ActionResult>(r, 400);
  const lang = resolveLanguage(request, actor.user.language);
  const made = (purpose: MadeLink["purpose"], name: string, token: string, expiresAt: string): MadeLink => ({
    purpose,
    name,
    url: new URL(accountLinkPath(token), request.url).toString(),
    until: formatDateTime(lang, expiresAt),
  });
  switch (field("intent")) {
    case "district": {
      const added = await addDistrict(actor, names);
      return added.ok ? data<ActionResult>({ form: "district", done: true }) : fail({ form: "district", error: problemKey(added.problem) });
    }
    case "school": {
      const added = await addSchool(actor, {
        districtId: recordId.safeParse(field("districtId")).data,
        names,
        locality: field("locality"),
      });
      return added.ok
        ? data<ActionResult>({ form: "school", code: added.school.code })
        : fail({ form: "school", error: problemKey(added.problem) });
    }
    case "import": {
      const file = form.get("file");
      const text = file instanceof File && file.size > 0 ? csvFileText(await file.arrayBuffer()) : field("csv");
      if (text === undefined) return fail({ form: "import", problems: [{ line: 1, problem: "encoding" }] });
      const imported = await importSchoolsCsv(actor, text);
      return imported.ok
        ? data<ActionResult>({ form: "import", codes: imported.codes })
        : fail({ form: "import", problems: imported.problems });
    }
    case "invite": {
      const parsed = parseForm(form, schoolAdminInviteSchema, "onboarding.error.school");
      if (!parsed.ok) return fail({ form: "invite", errors: parsed.errors as FieldErrors });
      const { schoolId, email, name, language } = parsed.data;
      const invited = await inviteSchoolAdmin(actor, schoolId, { email, displayName: name, language });
      if (!invited) return fail({ form: "invite", errors: { schoolId: "onboarding.error.school" } });
      if (!invited.ok)
        return fail({
          form: "invite",
          errors: { email: invited.problem === "taken" ? "accounts.invite.error.taken" : "accounts.invite.error.email" },
        });
      return data<ActionResult>({ form: "invite", errors: {}, made: made("invite", name, invited.token, invited.expiresAt) });
    }
    case "renew": {
      const userId = idField(form, "userId");
      const link = await renewSchoolAdminLink(actor, userId);
      if (!link) throw notFound();
      return data<ActionResult>({ form: "renew", userId, made: made(link.purpose, link.name, link.token, link.expiresAt) });
    }
  }
  return fail({ form: "district", error: "error.400" });
}

function NameFields({ prefix }: { prefix: string }) {
  const t = useT();
  return (
    <>
      {(["Kk", "Ru", "En"] as const).map((l) => (
        <span key={l}>
          <label htmlFor={`${prefix}-name${l}`}>{t(`onboarding.name${l}`)}</label>
          <input id={`${prefix}-name${l}`} name={`name${l}`} required maxLength={NAME_MAX * 2} autoComplete="off" />
        </span>
      ))}
    </>
  );
}

function Problem({ error }: { error?: MessageKey }) {
  const t = useT();
  return error ? (
    <p className="field-error" role="alert">
      {t(error)}
    </p>
  ) : null;
}

export default function RegionSchools() {
  const { districts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const lang = useLang();
  const schools = districts.flatMap((d) => d.schools);
  const invite = result?.form === "invite" ? result : undefined;
  return (
    <>
      <section className="card wide">
        <h1>{t("onboarding.title")}</h1>
        <p className="hint">{t("onboarding.intro")}</p>
        {districts.length === 0 && <p>{t("onboarding.noDistricts")}</p>}
        {districts.map((d) => (
          <details
            key={d.id}
            className="district-schools"
            open={result?.form === "renew" && d.schools.some((s) => s.admins.some((a) => a.id === result.userId))}
          >
            <summary>
              {localize({ kk: d.name_kk, ru: d.name_ru, en: d.name_en }, lang)} · {t("onboarding.schoolsOf", { count: d.schools.length })}
            </summary>
            {d.schools.length === 0 ? (
              <p>{t("onboarding.noSchools")}</p>
            ) : (
              <ul className="plain entries">
                {d.schools.map((s) => (
                  <li key={s.id} data-school={s.code}>
                    {localize({ kk: s.name_kk, ru: s.name_ru, en: s.name_en }, lang)}{" "}
                    <span className="code">{formatSchoolCode(s.code)}</span>
                    <br />
                    <span className="hint">
                      {t(s.locality === "rural" ? "onboarding.rural" : "onboarding.urban")} ·{" "}
                      {s.admins.length > 0 ? t("onboarding.admins", { count: s.admins.length }) : t("onboarding.noAdmin")}
                    </span>
                    {s.admins.map((a) => (
                      <Form method="post" key={a.id}>
                        <input type="hidden" name="intent" value="renew" />
                        <input type="hidden" name="userId" value={a.id} />
                        <span className="small">
                          {a.name}
                          {a.invited && ` · ${t("onboarding.invitedOnly")}`}
                        </span>{" "}
                        <button type="submit" className="button secondary small">
                          {t("onboarding.renew", { name: a.name })}
                        </button>
                        {result?.form === "renew" && result.userId === a.id && <LinkMade made={result.made} />}
                      </Form>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </details>
        ))}
      </section>

      <section className="card" aria-labelledby="add-school-title">
        <h2 id="add-school-title">{t("onboarding.addSchool")}</h2>
        {result?.form === "school" && result.code && (
          <p className="notice" role="status">
            {t("onboarding.schoolAdded", { code: formatSchoolCode(result.code) })}
          </p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="school" />
          <label htmlFor="school-district">{t("onboarding.district")}</label>
          <select id="school-district" name="districtId" required>
            {districts.map((d) => (
              <option key={d.id} value={d.id}>
                {localize({ kk: d.name_kk, ru: d.name_ru, en: d.name_en }, lang)}
              </option>
            ))}
          </select>
          <NameFields prefix="school" />
          <label htmlFor="school-locality">{t("onboarding.locality")}</label>
          <select id="school-locality" name="locality" defaultValue="urban">
            <option value="urban">{t("onboarding.urban")}</option>
            <option value="rural">{t("onboarding.rural")}</option>
          </select>
          <Problem error={result?.form === "school" ? result.error : undefined} />
          <button type="submit" className="button">
            {t("onboarding.add")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="import-title">
        <h2 id="import-title">{t("onboarding.import")}</h2>
        <p className="hint">{t("onboarding.importHelp", { columns: SCHOOLS_CSV_COLUMNS.join(",") })}</p>
        {result?.form === "import" && result.codes && (
          <p className="notice" role="status">
            {t("onboarding.imported", { count: result.codes.length, codes: result.codes.map(formatSchoolCode).join(", ") })}
          </p>
        )}
        {result?.form === "import" && result.problems && (
          <div className="error-summary" role="alert">
            <p>{t("onboarding.importFailed")}</p>
            <ul>
              {result.problems.map((p) => (
                <li key={`${p.line}-${p.problem}`}>
                  {t("onboarding.lineProblem", { line: p.line, problem: t(`onboarding.error.${p.problem}`) })}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="import" />
          <label htmlFor="import-file">{t("onboarding.importFile")}</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" />
          <button type="submit" className="button secondary">
            {t("onboarding.importButton")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="invite-admin-title">
        <h2 id="invite-admin-title">{t("onboarding.inviteAdmin")}</h2>
        <p className="hint">{t("accounts.invite.noEmail")}</p>
        <ErrorSummary errors={invite?.errors ?? {}} title={t("onboarding.inviteAdmin")} />
        {invite?.made && <LinkMade made={invite.made} />}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <label htmlFor="schoolId">{t("onboarding.school")}</label>
          <FieldError id="schoolId" error={invite?.errors.schoolId} />
          <select id="schoolId" name="schoolId" {...describedBy("schoolId", invite?.errors ?? {})}>
            {schools.map((s) => (
              <option key={s.id} value={s.id}>
                {formatSchoolCode(s.code)} · {localize({ kk: s.name_kk, ru: s.name_ru, en: s.name_en }, lang)}
              </option>
            ))}
          </select>
          <PersonInviteFields errors={invite?.errors ?? {}} />
          <button type="submit" className="button">
            {t("accounts.invite.submit")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="add-district-title">
        <h2 id="add-district-title">{t("onboarding.addDistrict")}</h2>
        {result?.form === "district" && result.done && (
          <p className="notice" role="status">
            {t("onboarding.districtAdded")}
          </p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="district" />
          <NameFields prefix="district" />
          <Problem error={result?.form === "district" ? result.error : undefined} />
          <button type="submit" className="button secondary">
            {t("onboarding.add")}
          </button>
        </Form>
      </section>
    </>
  );
}
