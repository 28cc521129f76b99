import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { CoverageBar } from "~/components/coverage";
import { coverageOfSchools, isBehind } from "~/domain/lessons/lessons.server";
import { coverageShare } from "~/domain/lessons/lesson-plan";
import { may } from "~/domain/policy/policy.server";
import { classFormSchema, classProblemKey, CSV_COLUMNS, INSTRUCTION_LANGUAGES } from "~/domain/schools/class-format";
import { importClassesCsv, saveClass, schoolStaff } from "~/domain/schools/school-setup.server";
import { formString, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classes.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:lessons:school")) throw new Response(null, { status: 403 });
  const [coverage] = await coverageOfSchools(actor, localToday(), [actor.user.school_id!]);
  const canManage = may(actor, "manage:school:school");
  const staff = canManage ? await schoolStaff(actor) : [];
  return {
    canManage,
    classes: (coverage?.classes ?? []).map((c) => ({ ...c, share: coverageShare(c.coverage), behind: isBehind(c.coverage) })),
    teachers: staff.filter((s) => s.role === "teacher" || s.role === "psychologist" || s.role === "school_admin"),
  };
}

const MAX_CSV_BYTES = 60 * 1024;

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:school:school")) throw new Response(null, { status: 403 });
  const form = await readForm(request);
  if (formString(form, "intent") === "import") {
    const file = form.get("file");
    const text = file instanceof File && file.size > 0 ? await file.text() : formString(form, "csv");
    if (Buffer.byteLength(text) > MAX_CSV_BYTES)
      return data({ kind: "import" as const, problems: [{ line: 1, key: "error.413" as MessageKey }], imported: 0 }, 413);
    const result = await importClassesCsv(actor, text);
    if (!result.ok) {
      return data(
        { kind: "import" as const, problems: result.problems.map((p) => ({ line: p.line, key: classProblemKey[p.problem] })), imported: 0 },
        400,
      );
    }
    return { kind: "import" as const, problems: [], imported: result.count };
  }
  const parsed = parseForm(form, classFormSchema, "classes.error.grade");
  if (!parsed.ok) return data({ kind: "class" as const, problems: [{ line: 0, key: parsed.error }], imported: 0 }, 400);
  const problem = await saveClass(actor, parsed.data);
  if (problem) return data({ kind: "class" as const, problems: [{ line: 0, key: classProblemKey[problem] }], imported: 0 }, 400);
  return { kind: "class" as const, problems: [], imported: 1 };
}

export default function Classes() {
  const { canManage, classes, teachers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <section className="card wide">
        <h1>{t("classes.title")}</h1>
        {classes.length === 0 ? (
          <p>{t("classes.none")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("classes.class")}</th>
                <th scope="col">{t("classes.teacher")}</th>
                <th scope="col">{t("classes.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id} className={c.behind ? "behind-row" : undefined}>
                  <th scope="row">
                    <Link to={`/school/classes/${c.id}`}>
                      {c.grade}
                      {c.letter}
                    </Link>
                  </th>
                  <td>{c.teacherName ?? "—"}</td>
                  <td>
                    <CoverageBar coverage={c.coverage} share={c.share} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canManage && (
        <>
          <section className="card">
            <h2>{t("classes.add")}</h2>
            {result?.kind === "class" && result.problems[0] && (
              <p className="problem" role="alert">
                {t(result.problems[0].key)}
              </p>
            )}
            {result?.kind === "class" && result.imported > 0 && (
              <p className="notice" role="status">
                {t("classes.saved")}
              </p>
            )}
            <Form method="post">
              <input type="hidden" name="intent" value="class" />
              <label htmlFor="grade">{t("classes.grade")}</label>
              <input id="grade" name="grade" inputMode="numeric" required />
              <label htmlFor="letter">{t("classes.letter")}</label>
              <input id="letter" name="letter" required maxLength={3} />
              <label htmlFor="language">{t("classes.language")}</label>
              <select id="language" name="language" defaultValue="kk">
                {INSTRUCTION_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`classes.lang.${l}`)}
                  </option>
                ))}
              </select>
              <label htmlFor="pupils">{t("classes.pupils")}</label>
              <input id="pupils" name="pupils" inputMode="numeric" required />
              <label htmlFor="teacher">{t("classes.teacher")}</label>
              <select id="teacher" name="teacher" defaultValue="">
                <option value="">—</option>
                {teachers.map((u) => (
                  <option key={u.id} value={u.email}>
                    {u.display_name}
                  </option>
                ))}
              </select>
              <button type="submit" className="button">
                {t("classes.saveClass")}
              </button>
            </Form>
          </section>
          <section className="card">
            <h2>{t("classes.import")}</h2>
            <p>{t("classes.importHelp", { columns: CSV_COLUMNS.join(",") })}</p>
            <pre className="example">{`${CSV_COLUMNS.join(",")}\n5,А,kk,24,teacher@school.kz\n5,Б,ru,22,`}</pre>
            {result?.kind === "import" && result.problems.length > 0 && (
              <div className="error-summary" role="alert">
                <h3>{t("classes.importFailed")}</h3>
                <ul>
                  {result.problems.map((p, i) => (
                    <li key={i}>{t("classes.line", { line: p.line, problem: t(p.key) })}</li>
                  ))}
                </ul>
              </div>
            )}
            {result?.kind === "import" && result.imported > 0 && (
              <p className="notice" role="status">
                {t("classes.imported", { count: result.imported })}
              </p>
            )}
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="import" />
              <label htmlFor="file">{t("classes.file")}</label>
              <input id="file" name="file" type="file" accept=".csv,text/csv" />
              <label htmlFor="csv">{t("classes.paste")}</label>
              <textarea id="csv" name="csv" rows={5} />
              <button type="submit" className="button">
                {t("classes.importButton")}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
