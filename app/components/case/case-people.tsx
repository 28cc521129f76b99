import { Form } from "react-router";
import { caseContent } from "~/content/case-models";
import { CASE_LIMITS } from "~/domain/cases/case-input";
import { localize, useLang, useT } from "~/i18n/i18n";
import type { CasePageData } from "~/routes/school/cases/$caseId/index";
import { FormError, type CaseActionResult } from "./case-form-error";

/** The people involved, each editable by the team; a new one added while the case is under way. */
export function CasePeople({ page, result }: { page: CasePageData; result: CaseActionResult | undefined }) {
  const t = useT();
  const { readOnly } = page;
  const active = page.header.status !== "closed";
  return (
    <section className="card" id="people" aria-labelledby="people-title">
      <h2 id="people-title">{t("cases.people")}</h2>
      <p className="hint">{t("cases.peopleHint")}</p>
      {page.people.length === 0 ? (
        <p>{t("cases.peopleNone")}</p>
      ) : (
        <ul className="plain entries">
          {page.people.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>
              {p.classLabel && <>, {p.classLabel}</>} — {p.roleLabel}
              {p.notes && <p className="body small">{p.notes}</p>}
              {!readOnly && (
                <details open={result?.form === "person-update" && result.personId === p.id}>
                  <summary>{t("cases.person.edit", { name: p.name })}</summary>
                  <Form method="post">
                    <input type="hidden" name="intent" value="person-update" />
                    <input type="hidden" name="personId" value={p.id} />
                    <PersonFields prefix={`person-${p.id}`} person={p} />
                    <FormError result={result} form="person-update" personId={p.id} />
                    <button type="submit" className="button secondary">
                      {t("cases.person.save")}
                    </button>
                  </Form>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && active && (
        <details open={result?.form === "person-add" || page.people.length === 0}>
          <summary>{t("cases.person.add")}</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="person-add" />
            <PersonFields prefix="new-person" />
            <FormError result={result} form="person-add" />
            <button type="submit" className="button">
              {t("cases.person.addSubmit")}
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

function PersonFields({ prefix, person }: { prefix: string; person?: { role: string; name: string; classLabel: string; notes: string } }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <label htmlFor={`${prefix}-name`}>{t("cases.person.name")}</label>
      <input id={`${prefix}-name`} name="name" required maxLength={CASE_LIMITS.name} defaultValue={person?.name} autoComplete="off" />
      <label htmlFor={`${prefix}-role`}>{t("cases.person.role")}</label>
      <select id={`${prefix}-role`} name="role" required defaultValue={person?.role ?? ""}>
        <option value="">{t("cases.choose")}</option>
        {caseContent.personRoles.map((r) => (
          <option key={r.id} value={r.id}>
            {localize(r.label, lang)}
          </option>
        ))}
      </select>
      <label htmlFor={`${prefix}-class`}>{t("cases.person.class")}</label>
      <p className="hint" id={`${prefix}-class-hint`}>
        {t("cases.person.classHint")}
      </p>
      <input
        id={`${prefix}-class`}
        name="classLabel"
        maxLength={CASE_LIMITS.classLabel}
        defaultValue={person?.classLabel}
        aria-describedby={`${prefix}-class-hint`}
        autoComplete="off"
      />
      <label htmlFor={`${prefix}-notes`}>{t("cases.person.notes")}</label>
      <textarea id={`${prefix}-notes`} name="notes" rows={2} maxLength={CASE_LIMITS.notes} defaultValue={person?.notes} />
    </>
  );
}
