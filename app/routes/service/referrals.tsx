import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { localToday } from "~/domain/calendar/local-date";
import { formatDay, isOverdue, serviceReferrals } from "~/domain/referrals/referrals.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDateTime, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "referrals.inbox.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const rows = await serviceReferrals(actor);
  if (!rows) throw new Response(null, { status: 403 });
  const lang = resolveLanguage(request, actor.user.language);
  const today = localToday();
  const items = rows.map((r) => ({
    id: r.id,
    status: r.status,
    overdue: isOverdue(r, today),
    school: { kk: r.school_kk, ru: r.school_ru, en: r.school_en },
    sentAt: formatDateTime(lang, r.sent_at),
    respondBy: formatDay(lang, r.respond_by),
  }));
  return {
    open: items.filter((r) => r.status === "sent" || r.status === "accepted"),
    closed: items.filter((r) => r.status === "declined" || r.status === "completed"),
  };
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

function ReferralItem({ r }: { r: Item }) {
  const t = useT();
  const lang = useLang();
  return (
    <li className={r.overdue ? "urgent" : undefined}>
      <Link to={`/service/referrals/${r.id}`}>{t("referrals.number", { id: r.id })}</Link>{" "}
      {r.overdue && <span className="badge danger">{t("referrals.overdue")}</span>}{" "}
      <span className={r.status === "sent" ? "badge status-new" : "badge"}>{t(`referrals.status.${r.status}`)}</span>
      <span className="meta">
        {t("referrals.inbox.school")}: {localize(r.school, lang)}
      </span>
      <span className="meta">
        {t("referrals.sentAt")}: {r.sentAt} · {t("referrals.respondBy")}: {r.respondBy}
      </span>
    </li>
  );
}

export default function ServiceReferrals() {
  const { open, closed } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card">
      <h1>{t("referrals.inbox.title")}</h1>
      <h2>{t("referrals.inbox.open")}</h2>
      {open.length === 0 ? (
        <p>{t("referrals.inbox.empty")}</p>
      ) : (
        <ul className="inbox">
          {open.map((r) => (
            <ReferralItem key={r.id} r={r} />
          ))}
        </ul>
      )}
      <h2>{t("referrals.inbox.closed")}</h2>
      {closed.length === 0 ? (
        <p>{t("referrals.inbox.empty")}</p>
      ) : (
        <ul className="inbox">
          {closed.map((r) => (
            <ReferralItem key={r.id} r={r} />
          ))}
        </ul>
      )}
    </section>
  );
}
