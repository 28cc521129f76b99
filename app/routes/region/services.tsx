import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData, useSearchParams } from "react-router";
import { ErrorSummary, FieldError, describedBy, type FieldErrors } from "~/components/fields";
import { serviceKinds } from "~/content/services";
import { may } from "~/domain/policy/policy.server";
import { addService, serviceDirectory, serviceFormSchema, updateService } from "~/domain/referrals/services.server";
import { formString, idField, notFound, parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import type { MessageKey } from "~/i18n/dictionary";
import { localize, useLang, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "referrals.directory.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const services = await serviceDirectory(actor);
  if (!services) throw new Response(null, { status: 403 });
  return { services };
}

const FIELDS = ["kind", "nameKk", "nameRu", "nameEn", "phone", "email", "address", "responseDays"] as const;
type FormValues = Record<(typeof FIELDS)[number], string> & { active: boolean; confirmed: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "manage:services:region")) throw new Response(null, { status: 403 });
  const form = await readForm(request);
  const intent = formString(form, "intent");
  if (intent !== "add" && intent !== "edit") throw notFound();
  const id = intent === "edit" ? idField(form, "serviceId") : undefined;
  const values = {
    ...Object.fromEntries(FIELDS.map((f) => [f, formString(form, f)])),
    active: formString(form, "active") === "yes",
    confirmed: formString(form, "confirmed") === "yes",
  } as unknown as FormValues;
  const parsed = parseForm(form, serviceFormSchema, "referrals.error.name");
  if (!parsed.ok) return data({ formId: id === undefined ? "new" : String(id), errors: parsed.errors as FieldErrors, values }, 400);
  if (id !== undefined) {
    if (!(await updateService(actor, id, parsed.data))) throw notFound();
    return redirect(`/region/services?saved=${id}#service-${id}`);
  }
  const added = await addService(actor, parsed.data);
  return redirect(`/region/services?added=${added}#service-${added}`);
}

type Service = ReturnType<typeof useLoaderData<typeof loader>>["services"][number];

/** The same fields for a new service and for each existing one; ids carry the form's id so labels stay unique. */
function ServiceForm({ formId, service, values, errors }: { formId: string; service?: Service; values?: FormValues; errors: FieldErrors }) {
  const t = useT();
  const lang = useLang();
  const fid = (field: string) => `${field}-${formId}`;
  // Errors are keyed by field; on the page they belong to this form's copy of the field.
  const scoped: FieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [fid(k), v]));
  const initial = {
    kind: values?.kind ?? service?.kind ?? "",
    nameKk: values?.nameKk ?? service?.name_kk ?? "",
    nameRu: values?.nameRu ?? service?.name_ru ?? "",
    nameEn: values?.nameEn ?? service?.name_en ?? "",
    phone: values?.phone ?? service?.phone ?? "",
    email: values?.email ?? service?.email ?? "",
    address: values?.address ?? service?.address ?? "",
    responseDays: values?.responseDays ?? String(service?.response_days ?? serviceKinds[0]!.responseDays),
    active: values?.active ?? (service ? service.active === 1 : true),
    // A service a person types in is checked by them; a seeded one waits for someone to check it.
    confirmed: values?.confirmed ?? (service ? service.confirmed === 1 : true),
  };
  const text = (field: "nameKk" | "nameRu" | "nameEn" | "phone" | "email" | "address", label: MessageKey, type = "text", max = 300) => (
    <>
      <label htmlFor={fid(field)}>{t(label)}</label>
      <input id={fid(field)} name={field} type={type} maxLength={max} defaultValue={initial[field]} {...describedBy(fid(field), scoped)} />
      <FieldError id={fid(field)} error={scoped[fid(field)]} />
    </>
  );
  return (
    <Form method="post" key={values ? "retry" : "fresh"}>
      <input type="hidden" name="intent" value={service ? "edit" : "add"} />
      {service && <input type="hidden" name="serviceId" value={service.id} />}
      <ErrorSummary errors={scoped} title={t("referrals.errorTitle")} />
      <label htmlFor={fid("kind")}>{t("referrals.directory.kind")}</label>
      <select id={fid("kind")} name="kind" defaultValue={initial.kind} required {...describedBy(fid("kind"), scoped)}>
        <option value="">{t("referrals.directory.chooseKind")}</option>
        {serviceKinds.map((k) => (
          <option key={k.id} value={k.id}>
            {localize(k.label, lang)}
          </option>
        ))}
      </select>
      <FieldError id={fid("kind")} error={scoped[fid("kind")]} />
      {text("nameKk", "referrals.directory.nameKk")}
      {text("nameRu", "referrals.directory.nameRu")}
      {text("nameEn", "referrals.directory.nameEn")}
      {text("phone", "referrals.directory.phone", "tel", 40)}
      {text("email", "referrals.directory.email", "email", 200)}
      {text("address", "referrals.directory.address", "text", 500)}
      <label htmlFor={fid("responseDays")}>{t("referrals.directory.responseDays")}</label>
      <input
        id={fid("responseDays")}
        name="responseDays"
        type="number"
        inputMode="numeric"
        min={1}
        max={60}
        required
        defaultValue={initial.responseDays}
        {...describedBy(fid("responseDays"), scoped)}
      />
      <FieldError id={fid("responseDays")} error={scoped[fid("responseDays")]} />
      <label className="choice" htmlFor={fid("active")}>
        <input type="checkbox" id={fid("active")} name="active" value="yes" defaultChecked={initial.active} />
        {t("referrals.directory.active")}
      </label>
      <label className="choice" htmlFor={fid("confirmed")}>
        <input type="checkbox" id={fid("confirmed")} name="confirmed" value="yes" defaultChecked={initial.confirmed} />
        {t("ladder.service.confirmed")}
      </label>
      <button type="submit" className="button">
        {service ? t("referrals.directory.save") : t("referrals.directory.add")}
      </button>
    </Form>
  );
}

export default function RegionServices() {
  const { services } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const changed = Number(params.get("saved") ?? params.get("added") ?? 0);
  const failedFor = (formId: string) => (result?.formId === formId ? result : undefined);
  return (
    <>
      <section className="card">
        <h1>{t("referrals.directory.title")}</h1>
        <p className="hint">{t("referrals.directory.intro")}</p>
        {changed > 0 && (
          <p className="notice" role="status">
            {params.get("added") ? t("referrals.directory.added") : t("referrals.directory.saved")}
          </p>
        )}
        <ul className="plain entries">
          {services.map((s) => {
            const failed = failedFor(String(s.id));
            const kind = serviceKinds.find((k) => k.id === s.kind);
            return (
              <li key={s.id} id={`service-${s.id}`}>
                <h2 className="service-name">
                  {s.active !== 1 && <span className="badge">{t("referrals.directory.inactive")}</span>}{" "}
                  {s.confirmed !== 1 && (
                    <span className="badge" data-unconfirmed="">
                      {t("ladder.service.unconfirmed")}
                    </span>
                  )}{" "}
                  {localize({ kk: s.name_kk, ru: s.name_ru, en: s.name_en }, lang)}
                </h2>
                <p className="hint">
                  {kind ? localize(kind.label, lang) : s.kind} · {t("referrals.directory.days", { days: s.response_days })}
                </p>
                <dl className="facts small">
                  <dt>{t("referrals.directory.phone")}</dt>
                  <dd>{s.phone ? <a href={`tel:${s.phone.replace(/[^\d+]/g, "")}`}>{s.phone}</a> : t("referrals.directory.notGiven")}</dd>
                  <dt>{t("referrals.directory.email")}</dt>
                  <dd>{s.email || t("referrals.directory.notGiven")}</dd>
                  <dt>{t("referrals.directory.address")}</dt>
                  <dd>{s.address || t("referrals.directory.notGiven")}</dd>
                </dl>
                <details open={failed !== undefined}>
                  <summary>{t("referrals.directory.edit")}</summary>
                  <ServiceForm formId={String(s.id)} service={s} values={failed?.values} errors={failed?.errors ?? {}} />
                </details>
              </li>
            );
          })}
        </ul>
      </section>
      <section className="card">
        <h2>{t("referrals.directory.add")}</h2>
        <ServiceForm formId="new" values={failedFor("new")?.values} errors={failedFor("new")?.errors ?? {}} />
      </section>
    </>
  );
}
