import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "react-router";
import {
  ACCEPTED_EVIDENCE_TYPES,
  addEvidence,
  evidenceSchema,
  listEvidence,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_DESCRIPTION_CHARS,
  type EvidenceProblem,
} from "~/domain/cases/evidence.server";
import { requireCase, requireEditableCase } from "~/http/case-request.server";
import { formString, MAX_FORM_BYTES, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { formatDateTime, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";
import type { Language } from "../../../../../db/schema";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "caseRecords.evidence.title");

/** "1.2 MB", "830 kB" in the reader's language. */
function formatSize(lang: Language, bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "megabyte"] : [Math.max(1, Math.round(bytes / 1024)), "kilobyte"];
  return new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = requireActor(context);
  const access = requireCase(context);
  const files = await listEvidence(actor, access);
  const lang = resolveLanguage(request, actor.user.language);
  return {
    caseId: access.caseId,
    canUpload: access.mode === "edit",
    readOnlyUntil: access.mode === "read" ? formatDateTime(lang, access.until) : null,
    maxSize: formatSize(lang, MAX_EVIDENCE_BYTES),
    // Constants reach the page through the loader: the browser bundle must not import a .server module.
    accept: [...ACCEPTED_EVIDENCE_TYPES, ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"].join(","),
    maxDescription: MAX_EVIDENCE_DESCRIPTION_CHARS,
    files: files.map((f) => ({ ...f, at: formatDateTime(lang, f.at), size: formatSize(lang, f.size_bytes) })),
  };
}

const problemKey: Record<Exclude<EvidenceProblem, "read_only">, MessageKey> = {
  empty: "caseRecords.evidence.error.empty",
  too_large: "caseRecords.evidence.error.tooLarge",
  type: "caseRecords.evidence.error.type",
};
const problemStatus = { empty: 400, too_large: 413, type: 415 } as const;

// The body may hold a whole file, so the usual form limit is raised for this route only.
const MAX_UPLOAD_BODY_BYTES = MAX_EVIDENCE_BYTES + MAX_FORM_BYTES;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireActor(context);
  // Decided before the body is read: another school's case costs no upload.
  const access = requireEditableCase(context);
  let form: FormData;
  try {
    form = await readForm(request, MAX_UPLOAD_BODY_BYTES);
  } catch (error) {
    if (error instanceof Response && error.status === 413) return data({ error: problemKey.too_large, description: "" }, 413);
    throw error;
  }
  const fields = parseForm(form, evidenceSchema, "caseRecords.evidence.error.description");
  if (!fields.ok) return data({ error: fields.error, description: formString(form, "description") }, 400);
  const { description } = fields.data;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ error: problemKey.empty, description }, 400);
  if (file.size > MAX_EVIDENCE_BYTES) return data({ error: problemKey.too_large, description }, 413);
  const result = await addEvidence(actor, access, {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    description,
  });
  if (!result.ok) {
    if (result.problem === "read_only") throw new Response(null, { status: 403 });
    return data({ error: problemKey[result.problem], description }, problemStatus[result.problem]);
  }
  return redirect(`/school/cases/${access.caseId}/evidence?added=${result.id}`);
}

export default function CaseEvidence() {
  const { caseId, canUpload, readOnlyUntil, maxSize, accept, maxDescription, files } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const added = Number(params.get("added") ?? 0);
  return (
    <>
      <p>
        <Link to={`/school/cases/${caseId}`}>← {t("caseRecords.backToCase", { id: caseId })}</Link>
      </p>
      <section className="card">
        <h1>{t("caseRecords.evidence.heading", { id: caseId })}</h1>
        {readOnlyUntil && <p className="notice">{t("caseRecords.readOnly", { until: readOnlyUntil })}</p>}
        {added > 0 && files.some((f) => f.id === added) && (
          <p className="notice" role="status">
            {t("caseRecords.evidence.added")}
          </p>
        )}
        {files.length === 0 ? (
          <p>{t("caseRecords.evidence.none")}</p>
        ) : (
          <ul className="plain entries">
            {files.map((f) => (
              <li key={f.id}>
                <p>
                  <a href={`/school/cases/${caseId}/evidence/${f.id}`} download>
                    {f.file_name}
                  </a>
                </p>
                <dl className="facts small">
                  <dt>{t("caseRecords.evidence.type")}</dt>
                  <dd>
                    {f.media_type} · {f.size}
                  </dd>
                  <dt>{t("caseRecords.evidence.addedBy")}</dt>
                  <dd>
                    {f.added_by} · {f.at}
                  </dd>
                  {f.description && (
                    <>
                      <dt>{t("caseRecords.evidence.description")}</dt>
                      <dd className="body">{f.description}</dd>
                    </>
                  )}
                  <dt>{t("caseRecords.evidence.sha256")}</dt>
                  <dd>
                    <code className="code body">{f.sha256}</code>
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
        <p className="hint">{t("caseRecords.evidence.sha256Hint")}</p>
      </section>
      {canUpload && (
        <section className="card">
          <h2>{t("caseRecords.evidence.upload")}</h2>
          {result?.error && (
            <p className="problem" role="alert" id="file-error">
              {t(result.error, { max: maxSize, maxChars: maxDescription })}
            </p>
          )}
          <Form method="post" encType="multipart/form-data" key={added}>
            <label htmlFor="file">{t("caseRecords.evidence.file")}</label>
            <p className="hint" id="file-hint">
              {t("caseRecords.evidence.fileHint", { max: maxSize })}
            </p>
            <input
              id="file"
              name="file"
              type="file"
              required
              accept={accept}
              aria-describedby={result?.error ? "file-hint privacy-hint file-error" : "file-hint privacy-hint"}
              aria-invalid={result?.error ? true : undefined}
            />
            <p className="hint" id="privacy-hint">
              {t("caseRecords.evidence.privacyHint")}
            </p>
            <label htmlFor="description">{t("caseRecords.evidence.descriptionLabel")}</label>
            <input id="description" name="description" maxLength={maxDescription} defaultValue={result?.description ?? ""} />
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("caseRecords.evidence.submit")}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}
