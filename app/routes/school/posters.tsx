import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { may } from "~/domain/policy/policy.server";
import { PLACE_LABEL_MAX } from "~/domain/posters/poster-place";
import { addPosterPlace, posterPlaces } from "~/domain/posters/posters.server";
import { formString, readForm } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";
import { useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "posters.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:lessons:school")) throw new Response(null, { status: 403 });
  return { places: await posterPlaces(actor), manages: may(actor, "manage:school:school") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const added = await addPosterPlace(actor, formString(form, "label"));
  if (added.ok) return redirect(`/school/posters?added=${added.id}#place-${added.id}`);
  if (added.problem === "forbidden") throw new Response(null, { status: 403 });
  return data({ error: true, label: formString(form, "label") }, 400);
}

export default function SchoolPosters() {
  const { places, manages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const added = Number(search.get("added"));
  return (
    <section className="card">
      <h1>{t("posters.title")}</h1>
      <p className="hint">{t("posters.intro")}</p>
      <p>
        <Link className="button" to="/staff/posters">
          {t("posters.printSchool")}
        </Link>
      </p>
      <h2>{t("posters.places")}</h2>
      {places.length === 0 ? (
        <p>{t("posters.placesNone")}</p>
      ) : (
        <ul className="plain entries">
          {places.map((p) => (
            <li key={p.id} id={`place-${p.id}`}>
              {p.id === added && (
                <p className="notice" role="status">
                  {t("posters.added")}
                </p>
              )}
              <Link to={`/staff/posters?place=${p.id}`}>{t("posters.printPlace", { place: p.label })}</Link>
            </li>
          ))}
        </ul>
      )}
      {manages && (
        <Form method="post">
          <h2>{t("posters.addPlace")}</h2>
          <label htmlFor="place-label">{t("posters.placeLabel")}</label>
          <p className="hint" id="place-label-hint">
            {t("posters.placeHint", { max: PLACE_LABEL_MAX })}
          </p>
          <input
            id="place-label"
            name="label"
            required
            maxLength={PLACE_LABEL_MAX * 2}
            defaultValue={result?.label ?? ""}
            aria-describedby={result?.error ? "place-label-hint place-label-error" : "place-label-hint"}
            aria-invalid={result?.error ? true : undefined}
          />
          {result?.error && (
            <p className="field-error" id="place-label-error" role="alert">
              {t("posters.error.label", { max: PLACE_LABEL_MAX })}
            </p>
          )}
          <button type="submit" className="button secondary">
            {t("posters.add")}
          </button>
        </Form>
      )}
    </section>
  );
}
