import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LocalizedOptions, StatusOptions } from "~/components/options";
import { reportOptions } from "~/content/content";
import { may } from "~/domain/policy/policy.server";
import { localToday, schoolNowIso } from "~/domain/calendar/local-date";
import { dueTaskCounts } from "~/domain/cases/case-tasks.server";
import { overdueReferralCount } from "~/domain/referrals/referrals.server";
import { listInbox } from "~/domain/reports/inbox.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDuration, formatElapsed, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "inbox.title");

const filterSchema = z.object({
  status: z.enum(["open", "new", "in_progress", "closed"]).optional().catch(undefined),
  category: z
    .string()
    .refine((c) => reportOptions.categories.some((o) => o.id === c))
    .optional()
    .catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!may(actor, "read:report:school")) throw new Response(null, { status: 403 });
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const reports = await listInbox(actor, filter);
  const today = localToday();
  const [tasks, overdueReferrals] = await Promise.all([dueTaskCounts(actor, today), overdueReferralCount(actor, today)]);
  // Times are worded here, not in the browser: every browser's Intl data differs, the server's is known.
  const lang = resolveLanguage(request, actor.user.language);
  const now = schoolNowIso();
  return {
    filter,
    overdueTasks: tasks.overdue,
    tasksDueToday: tasks.dueToday,
    overdueReferrals,
    reports: reports.map((r) => ({
      ...r,
      receivedAgo: formatElapsed(lang, r.submitted_at, now),
      firstResponseAfter: r.first_response_at ? formatDuration(lang, r.submitted_at, r.first_response_at) : null,
    })),
  };
}

export default function Inbox() {
  const { reports, filter, overdueTasks, tasksDueToday, overdueReferrals } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const categoryLabel = (id: string) => {
    const c = reportOptions.categories.find((o) => o.id === id);
    return c ? localize(c.label, lang) : id;
  };
  return (
    <section className="card wide">
      <h1>{t("inbox.title")}</h1>
      {overdueTasks > 0 && (
        <p className="problem" role="status">
          <Link to="/staff/tasks">{t("cases.tasksOverdueBanner", { count: overdueTasks })}</Link>
        </p>
      )}
      {tasksDueToday > 0 && (
        <p className="notice" role="status">
          <Link to="/staff/tasks">{t("cases.tasksDueTodayBanner", { count: tasksDueToday })}</Link>
        </p>
      )}
      {overdueReferrals > 0 && (
        <p className="problem" role="status">
          <Link to="/school/cases?status=active">{t("cases.referralsOverdueBanner", { count: overdueReferrals })}</Link>
        </p>
      )}
      <Form method="get" className="filters">
        <label htmlFor="status">{t("inbox.filterStatus")}</label>
        <select id="status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">{t("inbox.all")}</option>
          <option value="open">{t("inbox.status.open")}</option>
          <StatusOptions />
        </select>
        <label htmlFor="category">{t("inbox.filterCategory")}</label>
        <select id="category" name="category" defaultValue={filter.category ?? ""}>
          <option value="">{t("inbox.all")}</option>
          <LocalizedOptions options={reportOptions.categories} />
        </select>
        <button type="submit">{t("inbox.apply")}</button>
      </Form>
      {reports.length === 0 ? (
        <p>{t("inbox.empty")}</p>
      ) : (
        <ol className="inbox">
          {reports.map((r) => (
            <li key={r.id} className={r.urgent ? "urgent" : undefined}>
              <Link to={`/school/reports/${r.id}`}>
                <span className="report-title">
                  {r.urgent && <strong className="badge danger">{t("inbox.urgent")}</strong>} {t("inbox.reportNumber", { id: String(r.id) })}:{" "}
                  {r.categories.map(categoryLabel).join(", ")}
                </span>
              </Link>
              <span className="meta">
                <span className={`badge status-${r.status}`}>{t(`inbox.status.${r.status}`)}</span>{" "}
                {t("inbox.received", { ago: r.receivedAgo })}
                {" · "}
                {r.firstResponseAfter ? t("inbox.firstResponse", { after: r.firstResponseAfter }) : t("inbox.unanswered")}
                {r.unread_from_reporter > 0 && (
                  <>
                    {" · "}
                    <strong>{t("inbox.newMessages", { count: r.unread_from_reporter })}</strong>
                  </>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
