import type { MetaFunction } from "react-router";
import { HelpCard } from "~/components/help-numbers";
import { useLang, useT } from "~/i18n/i18n";
import { withLang } from "~/i18n/language";

export const meta: MetaFunction = () => [{ title: "Senim" }];

export default function Home() {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <section className="card">
        <h1>{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
        <p className="actions">
          <a className="button" href={withLang("/report", lang)}>
            {t("home.report")}
          </a>
          <a className="button secondary" href={withLang("/status", lang)}>
            {t("home.status")}
          </a>
        </p>
      </section>
      <HelpCard />
      <p className="staff-link">
        <a href={withLang("/staff/sign-in", lang)}>{t("home.staff")}</a>
      </p>
    </>
  );
}
