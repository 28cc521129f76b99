import { index, layout, route, type RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  // Anonymous: no JavaScript, no cookies. `/r/:schoolCode` is printed on posters and never changes meaning.
  route("report", "routes/report-finder.tsx"),
  route("r/:schoolCode", "routes/report-form.tsx"),
  route("status", "routes/report-status.tsx"),
  // The anonymous class survey: a class code, no identity.
  route("survey", "routes/survey.tsx"),
  route("healthz", "routes/healthz.ts"),
  // Staff.
  route("staff/sign-in", "routes/staff-sign-in.tsx"),
  route("staff/sign-out", "routes/staff-sign-out.ts"),
  // Outside the staff layout: reachable before the second factor is given.
  route("staff/two-factor", "routes/staff-two-factor.tsx"),
  route("staff/link/:token", "routes/staff-link.tsx"),
  // A resource route: a chart's numbers as CSV, suppressed as on the page.
  route("district/dashboard.csv", "routes/district-dashboard-csv.ts"),
  layout("routes/staff-layout.tsx", [
    route("staff", "routes/staff-home.tsx"),
    route("staff/account", "routes/staff-account.tsx"),
    route("school/staff", "routes/school-staff.tsx"),
    route("school/reports", "routes/school-inbox.tsx"),
    route("school/reports/:reportId", "routes/school-report.tsx"),
    route("school/lessons", "routes/school-lessons.tsx"),
    route("school/lessons/:entryId", "routes/school-lesson-entry.tsx"),
    route("school/classes", "routes/school-classes.tsx"),
    route("school/classes/:classId", "routes/school-class.tsx"),
    route("school/programmes", "routes/school-programmes.tsx"),
    route("district/lessons", "routes/district-lessons.tsx"),
    // Casework: the case team's cases, everyone's tasks, referrals and the services they go to.
    route("school/cases", "routes/school-cases.tsx"),
    route("school/cases/:caseId", "routes/school-case.tsx"),
    route("school/cases/:caseId/evidence", "routes/school-case-evidence.tsx"),
    route("school/cases/:caseId/evidence/:evidenceId", "routes/school-case-evidence-file.ts"),
    route("school/cases/:caseId/transfer", "routes/school-case-transfer.tsx"),
    route("school/transfers", "routes/school-transfers.tsx"),
    route("school/cases/:caseId/referrals", "routes/school-case-referrals.tsx"),
    route("staff/tasks", "routes/staff-tasks.tsx"),
    route("service/referrals", "routes/service-referrals.tsx"),
    route("service/referrals/:referralId", "routes/service-referral.tsx"),
    route("region/services", "routes/region-services.tsx"),
    route("district/referrals", "routes/district-referrals.tsx"),
    route("staff/audit", "routes/staff-audit.tsx"),
    route("school/posters", "routes/school-posters.tsx"),
    route("staff/posters", "routes/staff-posters.tsx"),
    route("region/schools", "routes/region-schools.tsx"),
    // Urgent reports always reach a person: notifications, the ladder's contacts, the duty roster, response times.
    route("staff/notifications", "routes/staff-notifications.tsx"),
    route("staff/urgent/:reportId", "routes/staff-urgent-report.tsx"),
    route("school/escalation", "routes/school-escalation.tsx"),
    route("district/duty", "routes/district-duty.tsx"),
    // Four eyes: the district or region confirms a psychologist's right to read children's words.
    route("staff/reading-rights", "routes/staff-reading-rights.tsx"),
    route("district/urgent", "routes/district-urgent.tsx"),
    route("district/dashboard", "routes/district-dashboard.tsx"),
    route("school/surveys", "routes/school-surveys.tsx"),
    route("national", "routes/national.tsx"),
  ]),
] satisfies RouteConfig;
