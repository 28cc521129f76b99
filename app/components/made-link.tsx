import { useT } from "~/i18n/i18n";

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
