import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { CoverageBar } from "~/components/coverage";
import { programmes } from "~/content/programmes";
import { coverageOfSchools, currentSchoolYear, ownSchoolPlan, setSchoolPlan, teacherActivity } from "~/domain/lessons/lessons.server";
import { coverageShare } from "~/domain/lessons/lesson-plan";
import { schoolPlanSchema, schoolTeamSchema } from "~/domain/lessons/lesson-input";
import { may } from "~/domain/policy/policy.server";
import { checklistDone, schoolStaff, schoolTeam, setChecklist, setSchoolTeam } from "~/domain/schools/school-setup.server";
import { formString, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";
import { localToday } from "~/domain/calendar/local-date";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "programmes.title");

const KIVA_MIN_TEAM = 3;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:lessons:school")) throw new Response(null, { status: 403 });
  const schoolId = actor.user.school_id!;
  const today = localToday();
  const year = currentSchoolYear(today);
  const canManage = may(actor, "manage:school:school");
  const [[coverage], plan, team, done, activity, staff] = await Promise.all([
    coverageOfSchools(actor, today, [schoolId]),
    ownSchoolPlan(actor, year.id),
    schoolTeam(actor),
    checklistDone(actor, schoolId, year.id),
    teacherActivity(actor, today),
    canManage ? schoolStaff(actor) : Promise.resolve([]),
  ]);
  const kiva = coverage?.byProgramme.kiva;
  const kivaPlanned = plan.some((p) => p.programmeId === "kiva");
  return {
    canManage,
    year: { id: year.id, confirmed: year.confirmed },
    coverage: coverage && { ...coverage, share: coverageShare(coverage.coverage) },
    byProgramme: programmes
      .filter((p) => coverage?.byProgramme[p.id])
      .map((p) => ({ id: p.id, name: p.name, coverage: coverage!.byProgramme[p.id]!, share: coverageShare(coverage!.byProgramme[p.id]!) })),
    plan,
    team,
    staff,
    activity,
    checklist: programmes
      .filter((p) => plan.some((x) => x.programmeId === p.id))
      .flatMap((p) =>
        p.schoolWide.map((item) => ({ id: item.id, programme: p.name, title: item.title, doneOn: done.get(item.id) ?? null })),
      ),
    // KiVa's own quality checklist, for schools that run KiVa.
    kivaQuality: kivaPlanned
      ? {
          coordinator: team.some((m) => m.coordinator === 1),
          team: team.length >= KIVA_MIN_TEAM,
          allLessons: kiva !== undefined && kiva.total > 0 && kiva.done >= kiva.total,
          survey: done.has("kiva-student-survey"),
        }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:school:school")) throw new Response(null, { status: 403 });
  const form = await readForm(request);
  const today = localToday();
  const year = currentSchoolYear(today);
  const intent = formString(form, "intent");
  if (intent === "plan") {
    const plan = parseForm(form, schoolPlanSchema, "programmes.error.grades");
    if (!plan.ok) return data({ error: plan.error, saved: null }, 400);
    await setSchoolPlan(actor, year.id, plan.data);
    return { error: null, saved: "plan" as const };
  }
  if (intent === "team") {
    const team = parseForm(form, schoolTeamSchema, "programmes.error.team");
    if (!team.ok || !(await setSchoolTeam(actor, team.data.members, team.data.coordinator)))
      return data({ error: "programmes.error.team" as MessageKey, saved: null }, 400);
    return { error: null, saved: "team" as const };
  }
  if (intent === "checklist") {
    const plan = await ownSchoolPlan(actor, year.id);
    const shown = programmes.filter((p) => plan.some((x) => x.programmeId === p.id)).flatMap((p) => p.schoolWide.map((s) => s.id));
    await setChecklist(
      actor,
      year.id,
      shown,
      form.getAll("done").filter((v): v is string => typeof v === "string"),
      today,
    );
    return { error: null, saved: "checklist" as const };
  }
  return data({ error: "error.400" as MessageKey, saved: null }, 400);
}

export default function Programmes() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const yes = (ok: boolean) => (ok ? `✓ ${t("programmes.yes")}` : `✗ ${t("programmes.no")}`);
  return (
    <>
      <section className="card wide">
        <h1>{t("programmes.title")}</h1>
        <p>
          {t("programmes.year", { year: d.year.id })}
          {!d.year.confirmed && ` ${t("programmes.yearUnconfirmed")}`}
        </p>
        {result?.saved && (
          <p className="notice" role="status">
            {t("programmes.saved")}
          </p>
        )}
        {result?.error && (
          <p className="problem" role="alert">
            {t(result.error)}
          </p>
        )}
        {d.coverage && (
          <p>
            <strong>{t("programmes.overall")}</strong> <CoverageBar coverage={d.coverage.coverage} share={d.coverage.share} />
          </p>
        )}
        <ul className="plain">
          {d.byProgramme.map((p) => (
            <li key={p.id}>
              <strong>{localize(p.name, lang)}:</strong> <CoverageBar coverage={p.coverage} share={p.share} />
            </li>
          ))}
        </ul>
      </section>

      {d.kivaQuality && (
        <section className="card">
          <h2>{t("programmes.kivaQuality")}</h2>
          <dl className="facts">
            <dt>{t("programmes.q.coordinator")}</dt>
            <dd>{yes(d.kivaQuality.coordinator)}</dd>
            <dt>{t("programmes.q.team")}</dt>
            <dd>{yes(d.kivaQuality.team)}</dd>
            <dt>{t("programmes.q.allLessons")}</dt>
            <dd>{yes(d.kivaQuality.allLessons)}</dd>
            <dt>{t("programmes.q.survey")}</dt>
            <dd>{yes(d.kivaQuality.survey)}</dd>
          </dl>
        </section>
      )}

      <section className="card">
        <h2>{t("programmes.teachers")}</h2>
        {d.activity.length === 0 ? (
          <p>{t("lessons.noRecent")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("classes.teacher")}</th>
                <th scope="col">{t("programmes.entries")}</th>
                <th scope="col">{t("programmes.classesCount")}</th>
                <th scope="col">{t("programmes.last")}</th>
              </tr>
            </thead>
            <tbody>
              {d.activity.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.display_name}</th>
                  <td>{a.entries}</td>
                  <td>{a.classes}</td>
                  <td>{a.last}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {d.canManage && (
        <>
          <section className="card">
            <h2>{t("programmes.plan")}</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="plan" />
              {programmes.map((p) => {
                const planned = d.plan.find((x) => x.programmeId === p.id);
                return (
                  <fieldset key={p.id}>
                    <legend>{localize(p.name, lang)}</legend>
                    <label className="choice">
                      <input type="checkbox" name={`on-${p.id}`} value="yes" defaultChecked={Boolean(planned)} />
                      {t("programmes.taught")}
                    </label>
                    <div className="inline">
                      <span>
                        <label htmlFor={`from-${p.id}`}>{t("programmes.fromGrade")}</label>
                        <input
                          id={`from-${p.id}`}
                          name={`from-${p.id}`}
                          inputMode="numeric"
                          defaultValue={planned?.gradeFrom ?? p.units[0]!.grades[0]}
                        />
                      </span>
                      <span>
                        <label htmlFor={`to-${p.id}`}>{t("programmes.toGrade")}</label>
                        <input
                          id={`to-${p.id}`}
                          name={`to-${p.id}`}
                          inputMode="numeric"
                          defaultValue={planned?.gradeTo ?? p.units[p.units.length - 1]!.grades[1]}
                        />
                      </span>
                    </div>
                  </fieldset>
                );
              })}
              <button type="submit" className="button">
                {t("programmes.savePlan")}
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>{t("programmes.team")}</h2>
            <p className="hint">{t("programmes.teamHint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="team" />
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("programmes.member")}</th>
                    <th scope="col">{t("programmes.coordinator")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.staff.map((u) => {
                    const member = d.team.find((m) => m.id === u.id);
                    return (
                      <tr key={u.id}>
                        <td>
                          <label className="choice">
                            <input type="checkbox" name="members" value={u.id} defaultChecked={Boolean(member)} />
                            {u.display_name} ({t(`role.${u.role}`)})
                          </label>
                        </td>
                        <td>
                          <input
                            type="radio"
                            name="coordinator"
                            value={u.id}
                            defaultChecked={member?.coordinator === 1}
                            aria-label={t("programmes.coordinatorOf", { name: u.display_name })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <button type="submit" className="button">
                {t("programmes.saveTeam")}
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>{t("programmes.checklist")}</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="checklist" />
              {d.checklist.map((item) => (
                <label key={item.id} className="choice">
                  <input type="checkbox" name="done" value={item.id} defaultChecked={item.doneOn !== null} />
                  {localize(item.programme, lang)}: {localize(item.title, lang)}
                  {item.doneOn && ` (${item.doneOn})`}
                </label>
              ))}
              <button type="submit" className="button">
                {t("programmes.saveChecklist")}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}
