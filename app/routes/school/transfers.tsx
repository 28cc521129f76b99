import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useSearchParams } from "react-router";
import { caseContent, caseModel } from "~/content/case-models";
import {
  acceptTransfer,
  declineTransfer,
  declineTransferSchema,
  listIncomingTransfers,
  MAX_DECLINE_REASON_CHARS,
} from "~/domain/cases/transfers.server";
import { may } from "~/domain/policy/policy.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { forbidden } from "~/http/forbidden.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "caseRecords.incoming.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "work:case:school")) throw forbidden(actor);
  const lang = resolveLanguage(request, actor.user.language);
  const transfers = await listIncomingTransfers(actor);
  return {
    maxReason: MAX_DECLINE_REASON_CHARS,
    transfers: transfers.map((t) => ({
      id: t.id,
      model: t.model,
      status: t.status,
      round: t.round,
      note: t.note,
      requestedBy: t.requested_by,
      requestedAt: formatDateTime(lang, t.requested_at),
      openedAt: formatDateTime(lang, t.opened_at),
      from: `${formatSchoolCode(t.from_code)} · ${localize({ kk: t.from_name_kk, ru: t.from_name_ru, en: t.from_name_en }, lang)}`,
      people: t.people,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const transferId = idField(form, "transferId");
  const intent = formString(form, "intent");
  if (intent === "accept") {
    const result = await acceptTransfer(actor, transferId);
    if (!result.ok) throw notFound();
    return redirect(`/school/cases/${result.caseId}`);
  }
  if (intent === "decline") {
    const answer = parseForm(form, declineTransferSchema, "caseRecords.incoming.error.reason");
    if (!answer.ok) return data({ transferId, error: answer.error, reason: formString(form, "reason") }, 400);
    const result = await declineTransfer(actor, transferId, answer.data.reason);
    if (!result.ok) throw notFound();
    return redirect("/school/transfers?declined=1");
  }
  return data({ transferId: transferId, error: "error.400" as MessageKey, reason: "" }, 400);
}

export default function IncomingTransfers() {
  const { transfers, maxReason } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const roleLabel = (role: string) => {
    const option = caseContent.personRoles.find((r) => r.id === role);
    return option ? localize(option.label, lang) : role;
  };
  return (
    <>
      <section className="card">
        <h1>{t("caseRecords.incoming.title")}</h1>
        {params.get("declined") && (
          <p className="notice" role="status">
            {t("caseRecords.incoming.declined")}
          </p>
        )}
        <p className="hint">{t("caseRecords.incoming.intro")}</p>
        {transfers.length === 0 && <p>{t("caseRecords.incoming.none")}</p>}
      </section>
      {transfers.map((tr) => {
        const error = result?.transferId === tr.id ? result.error : undefined;
        return (
          <section className="card" key={tr.id} aria-labelledby={`transfer-${tr.id}`}>
            <h2 id={`transfer-${tr.id}`}>{t("caseRecords.incoming.from", { school: tr.from })}</h2>
            <dl className="facts">
              <dt>{t("caseRecords.incoming.requestedBy")}</dt>
              <dd>
                {tr.requestedBy} · {tr.requestedAt}
              </dd>
              <dt>{t("caseRecords.incoming.model")}</dt>
              <dd>{localize(caseModel(tr.model).label, lang)}</dd>
              <dt>{t("caseRecords.incoming.status")}</dt>
              <dd>
                {t(`caseRecords.caseStatus.${tr.status}`)}
                {tr.round > 1 && ` · ${t("caseRecords.incoming.round", { round: tr.round })}`}
              </dd>
              <dt>{t("caseRecords.incoming.opened")}</dt>
              <dd>{tr.openedAt}</dd>
              <dt>{t("caseRecords.incoming.people")}</dt>
              <dd>
                {tr.people.length === 0 ? (
                  t("caseRecords.incoming.noPeople")
                ) : (
                  <ul className="plain">
                    {tr.people.map((p, i) => (
                      <li key={i}>
                        {roleLabel(p.role)}
                        {p.classLabel && ` · ${t("caseRecords.incoming.class", { class: p.classLabel })}`}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>{t("caseRecords.incoming.note")}</dt>
              <dd className="body">{tr.note}</dd>
            </dl>
            <p className="hint">{t("caseRecords.incoming.namesAfter")}</p>
            <Form method="post">
              <input type="hidden" name="transferId" value={tr.id} />
              <input type="hidden" name="intent" value="accept" />
              <button type="submit" className="button">
                {t("caseRecords.incoming.accept")}
              </button>
            </Form>
            <details open={Boolean(error)}>
              <summary>{t("caseRecords.incoming.declineOpen")}</summary>
              <Form method="post">
                <input type="hidden" name="transferId" value={tr.id} />
                <input type="hidden" name="intent" value="decline" />
                <label htmlFor={`reason-${tr.id}`}>{t("caseRecords.incoming.reason")}</label>
                <textarea
                  id={`reason-${tr.id}`}
                  name="reason"
                  rows={3}
                  required
                  maxLength={maxReason}
                  defaultValue={error ? result?.reason : ""}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `reason-${tr.id}-error` : undefined}
                />
                {error && (
                  <p className="field-error" id={`reason-${tr.id}-error`} role="alert">
                    {t(error)}
                  </p>
                )}
                <button type="submit" className="button secondary">
                  {t("caseRecords.incoming.decline")}
                </button>
              </Form>
            </details>
          </section>
        );
      })}
    </>
  );
}
