import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type RouterContextProvider } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { ladderFor } from "~/content/escalation";
import { schoolNowIso } from "~/domain/calendar/local-date";
import { addDutyShift, dutyRoster, dutyShiftSchema, removeDutyShift } from "~/domain/escalation/contacts.server";
import { may } from "~/domain/policy/policy.server";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "escalation.duty.title");

async function requireRosterKeeper(context: Readonly<RouterContextProvider>) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:duty:district")) throw new Response(null, { status: 403 });
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireRosterKeeper(context);
  const lang = resolveLanguage(request, actor.user.language);
  const roster = (await dutyRoster(actor, schoolNowIso()))!;
  const hours = ladderFor(actor.region).schoolHours;
  return {
    officials: roster.officials.map((o) => ({ id: o.id, name: o.display_name })),
    shifts: roster.shifts.map((s) => ({
      id: s.id,
      name: s.display_name,
      from: formatDateTime(lang, s.starts_at),
      to: formatDateTime(lang, s.ends_at),
      onDuty: s.onDuty,
    })),
    hours: { days: hours.weekdays.join(", "), from: hours.from, to: hours.to },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRosterKeeper(context);
  const form = await readForm(request);
  if (formString(form, "intent") === "remove") {
    if (!(await removeDutyShift(actor, idField(form, "shiftId")))) throw notFound();
    return { outcome: "removed" as const };
  }
  const shift = parseForm(form, dutyShiftSchema, "escalation.duty.error");
  if (!shift.ok || !(await addDutyShift(actor, shift.data))) return data({ outcome: "error" as const }, 400);
  return { outcome: "added" as const };
}

export default function DistrictDuty() {
  const { officials, shifts, hours } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <section className="card">
        <h1>{t("escalation.duty.title")}</h1>
        <p className="hint">{t("escalation.duty.intro")}</p>
        <p>{t("escalation.duty.hours", hours)}</p>
        {result && (
          <p className={result.outcome === "error" ? "field-error" : "notice"} role={result.outcome === "error" ? "alert" : "status"}>
            {t(
              result.outcome === "error"
                ? "escalation.duty.error"
                : result.outcome === "added"
                  ? "escalation.duty.added"
                  : "escalation.duty.removed",
            )}
          </p>
        )}
        {shifts.length === 0 ? (
          <p>{t("escalation.duty.none")}</p>
        ) : (
          <table className="table">
            <caption className="hint">{t("escalation.duty.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("escalation.duty.official")}</th>
                <th scope="col">{t("escalation.duty.from")}</th>
                <th scope="col">{t("escalation.duty.to")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("escalation.duty.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shifts.map((s) => (
                <tr key={s.id} data-shift={s.id}>
                  <th scope="row">
                    {s.name} {s.onDuty && <span className="badge">{t("escalation.duty.onDuty")}</span>}
                  </th>
                  <td>{s.from}</td>
                  <td>{s.to}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="shiftId" value={s.id} />
                      <button type="submit" className="link">
                        {t("escalation.duty.remove")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>{t("escalation.duty.newShift")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <label htmlFor="userId">{t("escalation.duty.official")}</label>
          <select id="userId" name="userId" required>
            {officials.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <label htmlFor="from">{t("escalation.duty.from")}</label>
          <input id="from" name="from" type="datetime-local" required />
          <label htmlFor="to">{t("escalation.duty.to")}</label>
          <input id="to" name="to" type="datetime-local" required />
          <button type="submit" className="button">
            {t("escalation.duty.add")}
          </button>
        </Form>
      </section>
    </>
  );
}
