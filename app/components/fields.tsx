import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n/dictionary";
import { useT } from "~/i18n/i18n";

export type FieldErrors = Partial<Record<string, MessageKey>>;

export function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {t(error)}
    </p>
  );
}

/** Lists every problem at the top, each linking to its field, so no one has to hunt for it. */
export function ErrorSummary({ errors, title }: { errors: FieldErrors; title: ReactNode }) {
  const t = useT();
  const entries = Object.entries(errors).filter((e): e is [string, MessageKey] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#${field}`}>{t(key)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** aria attributes for a field that may carry an error and a hint. */
export function describedBy(id: string, errors: FieldErrors, hint = false) {
  const ids = [hint ? `${id}-hint` : "", errors[id] ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": errors[id] ? true : undefined };
}
