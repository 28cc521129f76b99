import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, useActionData, useLoaderData } from "react-router";
import { decideReadingRight, readingDecisionSchema, readingRights } from "~/domain/auth/reading-rights.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { parseForm, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, localize, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "readingRights.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const rights = await readingRights(actor);
  if (!rights) throw new Response(null, { status: 403 });
  const lang = resolveLanguage(request, actor.user.language);
  const row = (r: (typeof rights.pending)[number]) => ({
    id: r.id,
    name: r.display_name,
    email: r.email,
    school: `${localize({ kk: r.name_kk, ru: r.name_ru, en: r.name_en }, lang)} (${formatSchoolCode(r.code)})`,
    created: formatDateTime(lang, r.created_at),
    confirmedAt: r.reading_confirmed_at ? formatDateTime(lang, r.reading_confirmed_at) : null,
  });
  return { pending: rights.pending.map(row), confirmed: rights.confirmed.map(row) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const input = parseForm(form, readingDecisionSchema, "error.400");
  if (!input.ok) throw new Response(null, { status: 400 });
  const outcome = await decideReadingRight(actor, input.data.userId, input.data.decision);
  // Another district's or region's account, or no psychologist: the same answer as no account.
  if (!outcome) throw new Response(null, { status: 404 });
  return {
    name: outcome.name,
    key: !outcome.changed
      ? "readingRights.unchanged"
      : input.data.decision === "confirm"
        ? "readingRights.confirmedDone"
        : "readingRights.revokedDone",
  } as const;
}

export default function StaffReadingRights() {
  const { pending, confirmed } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <section className="card wide" aria-labelledby="reading-title">
        <h1 id="reading-title">{t("readingRights.title")}</h1>
        <p className="hint">{t("readingRights.intro")}</p>
        {done && (
          <p className="notice" role="status">
            {t(done.key, { name: done.name })}
          </p>
        )}
      </section>
      <section className="card wide" aria-labelledby="pending-title">
        <h2 id="pending-title">{t("readingRights.pending")}</h2>
        {pending.length === 0 ? (
          <p>{t("readingRights.noPending")}</p>
        ) : (
          <ul className="plain-list">
            {pending.map((p) => (
              <li key={p.id} data-pending={p.id}>
                <strong>{p.name}</strong> · {p.email}
                <br />
                {p.school}
                <br />
                <span className="hint">{t("readingRights.created", { when: p.created })}</span>
                <Form method="post">
                  <input type="hidden" name="userId" value={p.id} />
                  <button type="submit" name="decision" value="confirm">
                    {t("readingRights.confirm", { name: p.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card wide" aria-labelledby="confirmed-title">
        <h2 id="confirmed-title">{t("readingRights.confirmed")}</h2>
        {confirmed.length === 0 ? (
          <p>{t("readingRights.noConfirmed")}</p>
        ) : (
          <ul className="plain-list">
            {confirmed.map((p) => (
              <li key={p.id} data-confirmed={p.id}>
                <strong>{p.name}</strong> · {p.email}
                <br />
                {p.school}
                <br />
                <span className="hint">{t("readingRights.confirmedAt", { when: p.confirmedAt ?? "" })}</span>
                <Form method="post">
                  <input type="hidden" name="userId" value={p.id} />
                  <button type="submit" name="decision" value="revoke" className="secondary">
                    {t("readingRights.revoke", { name: p.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
