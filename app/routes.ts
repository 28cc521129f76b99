import { index, layout, prefix, route, type RouteConfig } from "@react-router/dev/routes";

// One folder per area, each file named for its URL. Every area has a layout with its own
// ErrorBoundary, so an error inside one page keeps the area's frame (and the staff menu).
export default [
  // Anonymous: no JavaScript, no cookies (public/layout.tsx). `/r/:schoolCode` is printed on
  // posters and never changes meaning.
  layout("routes/public/layout.tsx", [
    index("routes/public/home.tsx"),
    route("report", "routes/public/report.tsx"),
    route("r/:schoolCode", "routes/public/r.$schoolCode.tsx"),
    route("status", "routes/public/status.tsx"),
    // The anonymous class survey: a class code, no identity.
    route("survey", "routes/public/survey.tsx"),
  ]),
  route("healthz", "routes/public/healthz.ts"),

  // Staff, before the staff shell: signing in, the second factor, invitation links.
  ...prefix("staff", [
    route("sign-in", "routes/staff/sign-in.tsx"),
    route("sign-out", "routes/staff/sign-out.ts"),
    route("two-factor", "routes/staff/two-factor.tsx"),
    route("link/:token", "routes/staff/link.$token.tsx"),
  ]),
  // A resource route: a chart's numbers as CSV, suppressed as on the page (its own middleware signs in).
  route("district/dashboard.csv", "routes/district/dashboard.csv.ts"),

  // The staff shell: signed in, the actor loaded once per request (requireSignedIn), the menu.
  layout("routes/staff/layout.tsx", [
    ...prefix("staff", [
      index("routes/staff/home.tsx"),
      route("account", "routes/staff/account.tsx"),
      // Everyone's case tasks.
      route("tasks", "routes/staff/tasks.tsx"),
      route("audit", "routes/staff/audit.tsx"),
      route("posters", "routes/staff/posters.tsx"),
      // Urgent reports always reach a person: notifications, and the report a duty psychologist was called for.
      route("notifications", "routes/staff/notifications.tsx"),
      route("urgent/:reportId", "routes/staff/urgent.$reportId.tsx"),
      // Four eyes: the district or region confirms a psychologist's right to read children's words.
      route("reading-rights", "routes/staff/reading-rights.tsx"),
    ]),

    layout("routes/school/layout.tsx", [
      ...prefix("school", [
        route("staff", "routes/school/staff.tsx"),
        route("reports", "routes/school/reports.tsx"),
        route("reports/:reportId", "routes/school/reports.$reportId.tsx"),
        route("lessons", "routes/school/lessons.tsx"),
        route("lessons/:entryId", "routes/school/lessons.$entryId.tsx"),
        route("classes", "routes/school/classes.tsx"),
        route("classes/:classId", "routes/school/classes.$classId.tsx"),
        route("programmes", "routes/school/programmes.tsx"),
        route("cases", "routes/school/cases.tsx"),
        route("transfers", "routes/school/transfers.tsx"),
        route("posters", "routes/school/posters.tsx"),
        route("escalation", "routes/school/escalation.tsx"),
        route("surveys", "routes/school/surveys.tsx"),
        // One case's pages share a layout and its ErrorBoundary. Pathless, so a form posted to
        // /school/cases/1 reaches the case page itself, not the layout.
        layout("routes/school/cases/$caseId/layout.tsx", [
          route("cases/:caseId", "routes/school/cases/$caseId/index.tsx"),
          route("cases/:caseId/evidence", "routes/school/cases/$caseId/evidence.tsx"),
          route("cases/:caseId/evidence/:evidenceId", "routes/school/cases/$caseId/evidence.$evidenceId.ts"),
          route("cases/:caseId/transfer", "routes/school/cases/$caseId/transfer.tsx"),
          route("cases/:caseId/referrals", "routes/school/cases/$caseId/referrals.tsx"),
        ]),
      ]),
    ]),

    // District and region officials: aggregates, coverage, the duty roster, urgent-report times.
    layout("routes/district/layout.tsx", [
      ...prefix("district", [
        route("dashboard", "routes/district/dashboard.tsx"),
        route("lessons", "routes/district/lessons.tsx"),
        route("referrals", "routes/district/referrals.tsx"),
        route("duty", "routes/district/duty.tsx"),
        route("urgent", "routes/district/urgent.tsx"),
      ]),
    ]),
    layout("routes/region/layout.tsx", [
      ...prefix("region", [route("schools", "routes/region/schools.tsx"), route("services", "routes/region/services.tsx")]),
    ]),
    layout("routes/service/layout.tsx", [
      ...prefix("service", [
        route("referrals", "routes/service/referrals.tsx"),
        route("referrals/:referralId", "routes/service/referrals.$referralId.tsx"),
      ]),
    ]),
    layout("routes/national/layout.tsx", [route("national", "routes/national/index.tsx")]),
  ]),
] satisfies RouteConfig;
