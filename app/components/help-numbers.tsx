import { hotlines } from "~/content/content";
import { localize, useLang, useT } from "~/i18n/i18n";

export function HelpNumbers({ compact = false }: { compact?: boolean }) {
  const lang = useLang();
  const t = useT();
  if (compact) {
    return (
      <p className="help-compact">
        {t("help.compact")}{" "}
        {hotlines.map((h, i) => (
          <span key={h.number}>
            {i > 0 && " · "}
            <a href={`tel:${h.number}`}>{h.number}</a>
          </span>
        ))}
      </p>
    );
  }
  return (
    <ul className="hotlines">
      {hotlines.map((h) => (
        <li key={h.number}>
          <a className="hotline-number" href={`tel:${h.number}`}>
            {h.number}
          </a>
          <span>
            <strong>{localize(h.name, lang)}</strong>
            <br />
            {localize(h.when, lang)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function HelpCard() {
  const t = useT();
  return (
    <section className="card">
      <h2>{t("help.title")}</h2>
      <HelpNumbers />
    </section>
  );
}

/** The two numbers a child in danger calls first, as big buttons a phone dials. */
export function CallNowButtons() {
  return (
    <p className="big-call">
      <a className="button danger" href="tel:112">
        112
      </a>
      <a className="button danger" href="tel:111">
        111
      </a>
    </p>
  );
}
