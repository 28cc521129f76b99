import { redirect, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { z } from "zod";
import { findRegion, regions } from "~/content/content";
import { formatSchoolCode } from "~/domain/schools/school-code";
import { findSchoolByCode, listDistricts, searchSchools } from "~/domain/schools/schools.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage, withLang } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "finder.title");

const query = z.object({
  code: z.string().max(40).optional(),
  region: z.string().max(40).optional(),
  district: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = query.safeParse(Object.fromEntries(url.searchParams));
  const { code, region: regionCode, district, q } = params.success ? params.data : {};
  const lang = resolveLanguage(request);
  if (code) {
    const found = await findSchoolByCode(code);
    if (found) throw redirect(withLang(`/r/${found.school.code}`, lang));
  }
  const region = regionCode ? findRegion(regionCode) : undefined;
  const districts = region ? await listDistricts(region.code) : [];
  const searched = region !== undefined && (district !== undefined || (q ?? "") !== "");
  const schools = searched ? await searchSchools(region.code, district, q ?? "") : [];
  return {
    codeNotFound: Boolean(code),
    code: code ?? "",
    region: region?.code ?? "",
    district: district ?? null,
    q: q ?? "",
    districts,
    searched,
    schools: schools.map((s) => ({ code: s.code, names: { kk: s.name_kk, ru: s.name_ru, en: s.name_en } })),
  };
}

export default function ReportFinder() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <section className="card">
        <h1>{t("finder.title")}</h1>
        <form method="get" action="/report">
          <input type="hidden" name="lang" value={lang} />
          <label htmlFor="code">{t("finder.codeLabel")}</label>
          <p className="hint" id="code-hint">
            {t("finder.codeHint")}
          </p>
          <div className="inline">
            <input
              id="code"
              name="code"
              defaultValue={data.code}
              autoComplete="off"
              autoCapitalize="characters"
              aria-describedby={data.codeNotFound ? "code-hint code-error" : "code-hint"}
              aria-invalid={data.codeNotFound || undefined}
            />
            <button type="submit">{t("finder.go")}</button>
          </div>
          {data.codeNotFound && (
            <p className="field-error" id="code-error">
              {t("finder.codeNotFound")}
            </p>
          )}
        </form>
      </section>
      <section className="card">
        <h2>{t("finder.searchTitle")}</h2>
        <form method="get" action="/report">
          <input type="hidden" name="lang" value={lang} />
          <label htmlFor="region">{t("finder.region")}</label>
          <select id="region" name="region" defaultValue={data.region}>
            <option value="">{t("finder.chooseRegion")}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localize(r.name, lang)}
              </option>
            ))}
          </select>
          {data.region && (
            <>
              <label htmlFor="district">{t("finder.district")}</label>
              <select id="district" name="district" defaultValue={data.district ?? ""}>
                <option value="">{t("finder.allDistricts")}</option>
                {data.districts.map((d) => (
                  <option key={d.id} value={d.id}>
                    {localize({ kk: d.name_kk, ru: d.name_ru, en: d.name_en }, lang)}
                  </option>
                ))}
              </select>
              <label htmlFor="q">{t("finder.name")}</label>
              <input id="q" name="q" type="search" defaultValue={data.q} />
            </>
          )}
          <button type="submit">{data.region ? t("finder.search") : t("finder.next")}</button>
        </form>
        {data.region && data.districts.length === 0 && <p>{t("finder.regionNotConnected")}</p>}
        {data.searched && (
          <>
            <h3>{t("finder.results", { count: data.schools.length })}</h3>
            <ul className="schools">
              {data.schools.map((s) => (
                <li key={s.code}>
                  <a href={withLang(`/r/${s.code}`, lang)}>{localize(s.names, lang)}</a>{" "}
                  <span className="code">{formatSchoolCode(s.code)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
