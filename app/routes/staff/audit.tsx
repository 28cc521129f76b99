import { data, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useLoaderData } from "react-router";
import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import { ACCESS_ENTITIES, auditTrail, HIGHLIGHTED_ACTIONS, type AuditFilter } from "~/domain/audit/access-log.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "audit.title");

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const filterSchema = z
  .object({
    person: optional(recordId),
    record: optional(z.enum(ACCESS_ENTITIES)),
    from: optional(day),
    to: optional(day),
    before: optional(recordId),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = filterSchema.safeParse(params);
  const filter: AuditFilter = parsed.success
    ? { userId: parsed.data.person, entity: parsed.data.record, from: parsed.data.from, to: parsed.data.to, before: parsed.data.before }
    : {};
  const trail = await auditTrail(actor, filter);
  if (!trail) throw new Response(null, { status: 403 });
  const lang = resolveLanguage(request, actor.user.language);
  const page = {
    filter: { person: params.person ?? "", record: params.record ?? "", from: params.from ?? "", to: params.to ?? "" },
    invalid: !parsed.success,
    paged: filter.before !== undefined,
    people: trail.people,
    entries: parsed.success
      ? trail.entries.map((e) => ({ ...e, when: formatDateTime(lang, e.at), highlighted: HIGHLIGHTED_ACTIONS.includes(e.action) }))
      : [],
    older: parsed.success && trail.more ? trail.entries.at(-1)!.id : null,
  };
  return parsed.success ? page : data(page, 400);
}

export default function AuditLog() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const olderHref = (before: number) => `?${new URLSearchParams({ ...page.filter, before: String(before) }).toString()}`;
  return (
    <section className="card wide">
      <h1>{t("audit.title")}</h1>
      <p className="hint">{t("audit.intro")}</p>
      <Form method="get" className="filters" aria-label={t("audit.filter")}>
        <label htmlFor="audit-person">{t("audit.person")}</label>
        <select id="audit-person" name="person" defaultValue={page.filter.person}>
          <option value="">{t("audit.anyone")}</option>
          {page.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({t(`role.${p.role}`)})
            </option>
          ))}
        </select>
        <label htmlFor="audit-record">{t("audit.record")}</label>
        <select id="audit-record" name="record" defaultValue={page.filter.record}>
          <option value="">{t("audit.anyRecord")}</option>
          <option value="report">{t("audit.kind.report")}</option>
          <option value="case">{t("audit.kind.case")}</option>
          <option value="referral">{t("audit.kind.referral")}</option>
          <option value="account">{t("audit.kind.account")}</option>
        </select>
        <label htmlFor="audit-from">{t("audit.from")}</label>
        <input id="audit-from" name="from" type="date" defaultValue={page.filter.from} />
        <label htmlFor="audit-to">{t("audit.to")}</label>
        <input id="audit-to" name="to" type="date" defaultValue={page.filter.to} />
        {page.invalid && (
          <p className="error" role="alert">
            {t("audit.error.filter")}
          </p>
        )}
        <button type="submit" className="button secondary">
          {t("audit.show")}
        </button>
      </Form>
      {page.entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <>
          <p className="hint">{t("audit.highlighted")}</p>
          <table className="table audit">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.did")}</th>
                <th scope="col">{t("audit.what")}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id} data-entry={e.id} className={e.highlighted ? "audit-highlight" : undefined}>
                  <td>{e.when}</td>
                  <td>
                    {e.name}
                    <br />
                    <span className="hint">{t(`role.${e.role}`)}</span>
                  </td>
                  {/* Not by colour alone: the action is also bold (WCAG 1.4.1). */}
                  <td>{e.highlighted ? <strong>{t(`audit.action.${e.action}`)}</strong> : t(`audit.action.${e.action}`)}</td>
                  <td>{t(`audit.entity.${e.entity}`, { id: e.entityId })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        {page.older !== null && <Link to={olderHref(page.older)}>{t("audit.older")}</Link>}{" "}
        {page.paged && <Link to="?">{t("audit.newest")}</Link>}
      </p>
    </section>
  );
}
