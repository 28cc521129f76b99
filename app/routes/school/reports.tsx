import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { LocalizedOptions } from "~/components/options";
import { reportOptions } from "~/content/content";
import { may } from "~/domain/policy/policy.server";
import { localToday, schoolNow, schoolNowIso } from "~/domain/calendar/local-date";
import { dueTaskCounts } from "~/domain/cases/case-tasks.server";
import { overdueReferralCount } from "~/domain/referrals/referrals.server";
import { activeBurstOf } from "~/domain/escalation/bursts.server";
import { genuineSelectionSchema, inboxFilterSchema, listInbox, setGenuine } from "~/domain/reports/inbox.server";
import { parseForm, readForm } from "~/http/form.server";
import type { MessageKey } from "~/i18n/dictionary";
import { forbidden } from "~/http/forbidden.server";
import { requireActor } from "~/http/staff-session.server";
import { formatDuration, formatElapsed, localize, useLang, useT } from "~/i18n/i18n";
import { resolveLanguage } from "~/i18n/language";
import { titleMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "inbox.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  if (!may(actor, "read:report:school")) throw forbidden(actor);
  const filter = inboxFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const inbox = await listInbox(actor, filter);
  const today = localToday();
  const [tasks, overdueReferrals, burst] = await Promise.all([
    dueTaskCounts(actor, today),
    overdueReferralCount(actor, today),
    activeBurstOf(actor, schoolNow()),
  ]);
  // Times are worded here, not in the browser: every browser's Intl data differs, the server's is known.
  const lang = resolveLanguage(request, actor.user.language);
  const now = schoolNowIso();
  return {
    filter,
    overdueTasks: tasks.overdue,
    tasksDueToday: tasks.dueToday,
    overdueReferrals,
    burst: burst ?? null,
    counts: inbox.counts,
    page: inbox.page,
    pages: inbox.pages,
    canSetAside: may(actor, "update:report:school"),
    reports: inbox.reports.map((r) => ({
      ...r,
      receivedAgo: formatElapsed(lang, r.submitted_at, now),
      firstResponseAfter: r.first_response_at ? formatDuration(lang, r.submitted_at, r.first_response_at) : null,
    })),
  };
}

/** Sets the selected reports (or the whole page's) aside as not genuine, or restores them: one plain form. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(context);
  const form = await readForm(request);
  const parsed = parseForm(form, genuineSelectionSchema, "error.400");
  if (!parsed.ok) return data({ done: undefined, error: parsed.error }, 400);
  const { reportIds, genuine: restore } = parsed.data;
  if (reportIds.length === 0) return data({ done: undefined, error: "flood.noneSelected" as MessageKey }, 400);
  const changed = await setGenuine(actor, reportIds, restore);
  if (changed === undefined) throw new Response(null, { status: 404 });
  return { done: { key: (restore ? "flood.restoreDone" : "flood.setAsideDone") as MessageKey, count: changed }, error: undefined };
}

/** The inbox's address for a view and page, keeping the category filter. */
function inboxHref(filter: { status?: string; category?: string }, page?: number) {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.category) params.set("category", filter.category);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/school/reports?${query}` : "/school/reports";
}

export default function Inbox() {
  const { reports, filter, overdueTasks, tasksDueToday, overdueReferrals, burst, counts, page, pages, canSetAside } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const categoryLabel = (id: string) => {
    const c = reportOptions.categories.find((o) => o.id === id);
    return c ? localize(c.label, lang) : id;
  };
  const views = [undefined, "urgent", "new", "in_progress", "closed", "not_genuine"] as const;
  return (
    <section className="card wide">
      <h1>{t("inbox.title")}</h1>
      {burst && (
        <div className="flood" role="alert" id="flood-banner">
          <h2>{t("flood.banner.title")}</h2>
          <p>{t("flood.banner.body", { count: burst.count, minutes: burst.minutes })}</p>
          {filter.status !== "urgent" && (
            <p>
              <Link to={inboxHref({ status: "urgent" })}>{t("flood.banner.open")}</Link>
            </p>
          )}
        </div>
      )}
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
      <nav aria-label={t("flood.views")}>
        <ul className="tabs">
          {views.map((v) => (
            <li key={v ?? "all"}>
              <Link
                to={inboxHref({ status: v, category: filter.category })}
                aria-current={filter.status === v ? "page" : undefined}
                data-view={v ?? "all"}
              >
                {t(`flood.view.${v ?? "all"}`)}{" "}
                <span className={v === "urgent" && counts.urgent > 0 ? "badge danger" : "badge"}>{counts[v ?? "all"]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters">
        {filter.status && <input type="hidden" name="status" value={filter.status} />}
        <label htmlFor="category">{t("inbox.filterCategory")}</label>
        <select id="category" name="category" defaultValue={filter.category ?? ""}>
          <option value="">{t("inbox.all")}</option>
          <LocalizedOptions options={reportOptions.categories} />
        </select>
        <button type="submit">{t("inbox.apply")}</button>
      </Form>
      {result?.done && (
        <p className="notice" role="status">
          {t(result.done.key, { count: result.done.count })}
        </p>
      )}
      {result?.error && (
        <p className="problem" role="alert">
          {t(result.error)}
        </p>
      )}
      {reports.length === 0 ? (
        <p>{t("inbox.empty")}</p>
      ) : (
        <Form method="post" action={inboxHref(filter, page)}>
          {reports.map((r) => (
            <input key={r.id} type="hidden" name="pageIds" value={r.id} />
          ))}
          <ol className="inbox">
            {reports.map((r) => (
              <li key={r.id} className={r.urgent ? "urgent" : undefined}>
                {canSetAside && (
                  <input type="checkbox" name="ids" value={r.id} className="select" aria-label={t("flood.select", { id: String(r.id) })} />
                )}
                <Link to={`/school/reports/${r.id}`}>
                  <span className="report-title">
                    {r.urgent && <strong className="badge danger">{t("inbox.urgent")}</strong>}{" "}
                    {t("inbox.reportNumber", { id: String(r.id) })}: {r.categories.map(categoryLabel).join(", ")}
                  </span>
                </Link>
                <span className="meta">
                  {r.notGenuine && <span className="badge">{t("flood.notGenuine")}</span>}{" "}
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
          {canSetAside && (
            <fieldset className="actions">
              <legend>{t("flood.selection")}</legend>
              {filter.status === "not_genuine" ? (
                <>
                  <button type="submit" name="intent" value="restore">
                    {t("flood.restore")}
                  </button>
                  <button type="submit" name="intent" value="restore_page">
                    {t("flood.restorePage")}
                  </button>
                </>
              ) : (
                <>
                  <button type="submit" name="intent" value="set_aside">
                    {t("flood.setAside")}
                  </button>
                  <button type="submit" name="intent" value="set_aside_page">
                    {t("flood.setAsidePage")}
                  </button>
                </>
              )}
            </fieldset>
          )}
        </Form>
      )}
      {pages > 1 && (
        <nav aria-label={t("flood.pages")} className="pager">
          {page > 1 && (
            <Link to={inboxHref(filter, page - 1)} rel="prev">
              {t("flood.previous")}
            </Link>
          )}{" "}
          <span>{t("flood.page", { page: String(page), pages: String(pages) })}</span>{" "}
          {page < pages && (
            <Link to={inboxHref(filter, page + 1)} rel="next">
              {t("flood.next")}
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
