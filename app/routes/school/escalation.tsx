import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type RouterContextProvider } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { designationsSchema, schoolDesignations, setSchoolDesignations } from "~/domain/escalation/contacts.server";
import { schoolPhoneOf, setSchoolPhone } from "~/domain/escalation/phones.server";
import { may } from "~/domain/policy/policy.server";
import { formString, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "escalation.designations.title");

async function requireSchoolAdmin(context: Readonly<RouterContextProvider>) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:school:school")) throw new Response(null, { status: 403 });
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireSchoolAdmin(context);
  const contacts = (await schoolDesignations(actor))!;
  return {
    staff: contacts.staff.map((s) => ({ id: s.id, name: s.display_name, role: s.role })),
    psychologists: contacts.psychologists.map((p) => p.display_name),
    deputy: contacts.deputy,
    director: contacts.director,
    schoolPhone: (await schoolPhoneOf(actor))!,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireSchoolAdmin(context);
  const form = await readForm(request);
  if (formString(form, "intent") === "phone") {
    const outcome = await setSchoolPhone(actor, formString(form, "phone").slice(0, 40));
    return outcome === "saved" ? { saved: undefined, phone: "saved" as const } : data({ saved: undefined, phone: "invalid" as const }, 400);
  }
  const parsed = parseForm(form, designationsSchema, "error.400");
  if (!parsed.ok || !(await setSchoolDesignations(actor, parsed.data))) return data({ saved: false, phone: undefined }, 400);
  return { saved: true, phone: undefined };
}

export default function SchoolEscalation() {
  const { staff, psychologists, deputy, director, schoolPhone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const choices = (
    <>
      <option value="">{t("escalation.designations.nobody")}</option>
      {staff.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name} · {t(`role.${s.role}`)}
        </option>
      ))}
    </>
  );
  return (
    <section className="card">
      <h1>{t("escalation.designations.title")}</h1>
      <p className="hint">{t("escalation.designations.intro")}</p>
      <p>
        {psychologists.length > 0
          ? t("escalation.designations.psychologists", { names: psychologists.join(", ") })
          : t("escalation.designations.noPsychologist")}
      </p>
      {result?.saved !== undefined && (
        <p className={result.saved ? "notice" : "field-error"} role={result.saved ? "status" : "alert"}>
          {t(result.saved ? "escalation.designations.saved" : "escalation.designations.error")}
        </p>
      )}
      <Form method="post">
        <label htmlFor="deputy">{t("escalation.designations.deputy")}</label>
        <select id="deputy" name="deputy" defaultValue={deputy ?? ""}>
          {choices}
        </select>
        <label htmlFor="director">{t("escalation.designations.director")}</label>
        <select id="director" name="director" defaultValue={director ?? ""}>
          {choices}
        </select>
        <button type="submit" className="button">
          {t("escalation.designations.save")}
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="phone" />
        <label htmlFor="school-phone">{t("ladder.schoolPhone.label")}</label>
        <p className="hint" id="school-phone-hint">
          {t("ladder.schoolPhone.hint")}
        </p>
        <input
          id="school-phone"
          name="phone"
          type="tel"
          autoComplete="off"
          maxLength={40}
          defaultValue={schoolPhone}
          aria-describedby={result?.phone === "invalid" ? "school-phone-hint school-phone-error" : "school-phone-hint"}
          aria-invalid={result?.phone === "invalid" ? true : undefined}
        />
        {result?.phone && (
          <p
            className={result.phone === "saved" ? "notice" : "field-error"}
            role={result.phone === "saved" ? "status" : "alert"}
            id="school-phone-error"
          >
            {t(result.phone === "saved" ? "ladder.schoolPhone.saved" : "ladder.phone.error")}
          </p>
        )}
        <button type="submit" className="button">
          {t("ladder.schoolPhone.save")}
        </button>
      </Form>
    </section>
  );
}
