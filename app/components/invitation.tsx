import type { ReactNode } from "react";
import { describedBy, FieldError, type FieldErrors } from "~/components/fields";
import { useLang, useT } from "~/i18n/i18n";
import { LANGUAGE_NAMES, LANGUAGES } from "~/i18n/language";

export type MadeLink = { purpose: "invite" | "reset"; name: string; url: string; until: string };

/** A one-time link just made, to hand over in person or by message (Senim does not email it). */
export function LinkMade({ made }: { made: MadeLink }) {
  const t = useT();
  return (
    <div className="notice made-link" role="status">
      <p>{t(`accounts.madeLink.${made.purpose}`, { name: made.name, until: made.until })}</p>
      <p className="example">
        <code>{made.url}</code>
      </p>
      <p className="small">{t("accounts.madeLink.hint")}</p>
    </div>
  );
}

/** Who is invited: their address and name, anything the page adds (a role), their language. */
export function PersonInviteFields({ errors, children }: { errors: FieldErrors; children?: ReactNode }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <label htmlFor="email">{t("accounts.invite.email")}</label>
      <FieldError id="email" error={errors.email} />
      <input id="email" name="email" type="email" autoComplete="off" required maxLength={254} {...describedBy("email", errors)} />
      <label htmlFor="name">{t("accounts.invite.name")}</label>
      <FieldError id="name" error={errors.name} />
      <input id="name" name="name" autoComplete="off" required maxLength={120} {...describedBy("name", errors)} />
      {children}
      <label htmlFor="language">{t("accounts.invite.language")}</label>
      <select id="language" name="language" defaultValue={lang}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </>
  );
}
