import { useT } from "~/i18n/i18n";

// Shown both at first sign-in (/staff/two-factor) and on /staff/account.

export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <>
      <h2>{t("accounts.recovery.title")}</h2>
      <p>{t("accounts.recovery.lead")}</p>
      <ul className="plain recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The key to type into an app, and the otpauth:// address for apps that take one. */
export function EnrolmentKey({ keyText, uri }: { keyText: string; uri: string }) {
  const t = useT();
  return (
    <>
      <p>{t("accounts.enrol.step1")}</p>
      <p>{t("accounts.enrol.step2")}</p>
      <dl className="facts">
        <dt>{t("accounts.enrol.key")}</dt>
        <dd>
          <code className="totp-key">{keyText}</code>
        </dd>
      </dl>
      <p className="hint">{t("accounts.enrol.uri")}</p>
      <p className="example">
        <code>{uri}</code>
      </p>
      <p className="hint">{t("accounts.enrol.keepSecret")}</p>
      <p>{t("accounts.enrol.step3")}</p>
    </>
  );
}
