import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import { hotlines } from "~/content/content";
import { postersFor, type Poster } from "~/domain/posters/posters.server";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { requireActor } from "~/http/staff-session.server";
import { translate, useT } from "~/i18n/i18n";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "posters.title");

const scopeSchema = z.object({ school: recordId.optional(), place: recordId.optional() });

// Printable A4 posters: a school's staff get their school's (or one place's), officials every
// school of their district or region in one go, one page each.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const scope = scopeSchema.safeParse({ school: params.school || undefined, place: params.place || undefined });
  if (!scope.success) throw new Response(null, { status: 404 });
  const schoolId = scope.data.school ?? (scope.data.place !== undefined ? (actor.user.school_id ?? undefined) : undefined);
  const posters = await postersFor(actor, new URL(request.url).origin, { schoolId, placeId: scope.data.place });
  if (!posters) throw new Response(null, { status: 404 });
  if (posters.length === 0) throw new Response(null, { status: 403 });
  // A poster speaks both of a school's languages, whatever the reader's: its words come from here, not the page's messages.
  const words = (lang: "kk" | "ru") => ({
    title: translate(lang, "home.title"),
    scan: translate(lang, "posters.poster.scan"),
    schoolCode: translate(lang, "posters.poster.schoolCode"),
  });
  return { posters, words: { kk: words("kk"), ru: words("ru") } };
}

type PosterWords = Awaited<ReturnType<typeof loader>>["words"];

export default function PrintPosters() {
  const { posters, words } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="posters">
      <p className="hint no-print">
        {posters.length > 1 ? t("posters.printAll", { count: posters.length }) : t("posters.printSchool")}. {t("posters.printButtonHint")}
      </p>
      {posters.map((p) => (
        <SchoolPoster key={p.code} poster={p} words={words} />
      ))}
    </div>
  );
}

/** One A4 page, Kazakh above Russian: every school serves children of both languages. */
function SchoolPoster({ poster, words }: { poster: Poster; words: PosterWords }) {
  const code = formatSchoolCode(poster.code);
  return (
    <article className="poster" aria-label={`${poster.names.kk} · ${poster.names.ru}`}>
      {(["kk", "ru"] as const).map((lang) => (
        <div key={lang} lang={lang} className="poster-text">
          <h2>{words[lang].title}</h2>
          <p>{poster.names[lang]}</p>
        </div>
      ))}
      <svg
        className="poster-qr"
        viewBox={`-4 -4 ${poster.qr.size + 8} ${poster.qr.size + 8}`}
        role="img"
        aria-label={poster.url}
        shapeRendering="crispEdges"
      >
        <rect x="-4" y="-4" width={poster.qr.size + 8} height={poster.qr.size + 8} fill="#fff" />
        <path d={poster.qr.d} fill="#000" />
      </svg>
      <p className="poster-url">
        <span lang="kk">{words.kk.scan}</span> · <span lang="ru">{words.ru.scan}</span>
        <br />
        <strong>{poster.url}</strong>
      </p>
      <p className="poster-code">
        <span lang="kk">{words.kk.schoolCode}</span> · <span lang="ru">{words.ru.schoolCode}</span>
        <strong>{code}</strong>
      </p>
      {poster.place && <p className="poster-place">{poster.place}</p>}
      <ul className="poster-help">
        {hotlines.map((h) => (
          <li key={h.number}>
            <strong>{h.number}</strong> <span lang="kk">{h.name.kk}</span> · <span lang="ru">{h.name.ru}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}
