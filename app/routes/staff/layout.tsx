import type { LoaderFunctionArgs } from "react-router";
import { Form, NavLink, Outlet, useLoaderData } from "react-router";
import { findRegion } from "~/content/content";
import { may } from "~/domain/policy/policy.server";
import { waitingUrgentCount } from "~/domain/notifications/notifications.server";
import { rememberLanguage } from "~/domain/auth/staff-accounts.server";
import { requireActor, requireSignedIn } from "~/http/staff-session.server";
import { localize, useLang, useT } from "~/i18n/i18n";
import { isLanguage } from "~/i18n/language";

// Every page below is a staff page: the actor is loaded (or the visitor sent to sign in) once, here.
export const middleware = [requireSignedIn];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(context);
  const lang = new URL(request.url).searchParams.get("lang");
  // A language picked once stays picked on every device the staff member uses.
  if (isLanguage(lang) && lang !== actor.user.language) await rememberLanguage(actor, lang);
  const region = findRegion(actor.region)!;
  return {
    user: { name: actor.user.display_name, role: actor.user.role },
    waitingUrgent: await waitingUrgentCount(actor),
    regionName: region.name,
    nav: {
      reports: may(actor, "read:report:school"),
      lessons: may(actor, "log:lesson:school"),
      classes: may(actor, "read:lessons:school"),
      coverage: may(actor, "read:coverage:district") || may(actor, "read:coverage:region"),
      cases: may(actor, "work:case:school"),
      tasks: may(actor, "do:task:school"),
      serviceReferrals: may(actor, "answer:referral:service"),
      services: may(actor, "manage:services:region"),
      referralDelays: may(actor, "read:referral-delays:district") || may(actor, "read:referral-delays:region"),
      staff: may(actor, "manage:staff:school"),
      audit: may(actor, "read:audit:school") || may(actor, "read:audit:region"),
      posters: may(actor, "read:lessons:school"),
      regionSchools: may(actor, "manage:schools:region"),
      allPosters: may(actor, "read:coverage:district") || may(actor, "read:coverage:region"),
      designations: may(actor, "manage:school:school"),
      duty: may(actor, "manage:duty:district"),
      readingRights: may(actor, "confirm:reading:district") || may(actor, "confirm:reading:region"),
      urgentTimes: may(actor, "read:urgent:district") || may(actor, "read:urgent:region"),
      surveys: may(actor, "open:survey:school"),
      national: may(actor, "read:national"),
      dashboard: may(actor, "read:dashboard:district") || may(actor, "read:dashboard:region"),
    },
  };
}

export default function StaffLayout() {
  const { user, regionName, nav, waitingUrgent } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <nav className="staff-nav" aria-label={t("nav.staff")}>
        <span>
          {user.name} · {t(`role.${user.role}`)} · {localize(regionName, lang)}
        </span>
        {nav.reports && <NavLink to="/school/reports">{t("nav.inbox")}</NavLink>}
        {nav.cases && <NavLink to="/school/cases">{t("nav.cases")}</NavLink>}
        {nav.tasks && <NavLink to="/staff/tasks">{t("nav.tasks")}</NavLink>}
        {nav.national && <NavLink to="/national">{t("national.nav")}</NavLink>}
        {nav.surveys && <NavLink to="/school/surveys">{t("surveys.nav")}</NavLink>}
        {nav.lessons && <NavLink to="/school/lessons">{t("nav.lessons")}</NavLink>}
        {nav.classes && <NavLink to="/school/classes">{t("nav.classes")}</NavLink>}
        {nav.classes && <NavLink to="/school/programmes">{t("nav.programmes")}</NavLink>}
        {nav.dashboard && <NavLink to="/district/dashboard">{t("dash.nav")}</NavLink>}
        {nav.coverage && <NavLink to="/district/lessons">{t("nav.coverage")}</NavLink>}
        {nav.referralDelays && <NavLink to="/district/referrals">{t("nav.referrals")}</NavLink>}
        {nav.serviceReferrals && <NavLink to="/service/referrals">{t("nav.referrals")}</NavLink>}
        {nav.services && <NavLink to="/region/services">{t("nav.services")}</NavLink>}
        {nav.staff && <NavLink to="/school/staff">{t("accounts.nav.staff")}</NavLink>}
        {nav.posters && <NavLink to="/school/posters">{t("posters.nav")}</NavLink>}
        {nav.allPosters && <NavLink to="/staff/posters">{t("posters.nav")}</NavLink>}
        {nav.regionSchools && <NavLink to="/region/schools">{t("onboarding.nav")}</NavLink>}
        {nav.audit && <NavLink to="/staff/audit">{t("audit.nav")}</NavLink>}
        {nav.designations && <NavLink to="/school/escalation">{t("escalation.nav.designations")}</NavLink>}
        {nav.duty && <NavLink to="/district/duty">{t("escalation.nav.duty")}</NavLink>}
        {nav.readingRights && <NavLink to="/staff/reading-rights">{t("readingRights.nav")}</NavLink>}
        {nav.urgentTimes && <NavLink to="/district/urgent">{t("escalation.nav.urgent")}</NavLink>}
        <NavLink to="/staff/notifications">
          {t("escalation.nav.notifications")}
          {waitingUrgent > 0 && (
            <>
              {" "}
              <span className="badge danger" data-waiting={waitingUrgent}>
                {t("escalation.nav.waiting", { count: waitingUrgent })}
              </span>
            </>
          )}
        </NavLink>
        <NavLink to="/staff/account">{t("accounts.nav.account")}</NavLink>
        <Form method="post" action="/staff/sign-out">
          <button type="submit" className="link">
            {t("nav.signOut")}
          </button>
        </Form>
      </nav>
      <Outlet />
    </>
  );
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
