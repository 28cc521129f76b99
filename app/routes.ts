import { index, layout, route, type RouteConfig } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  // Anonymous: no JavaScript, no cookies. `/r/:schoolCode` is printed on posters and never changes meaning.
  route("report", "routes/report-finder.tsx"),
  route("r/:schoolCode", "routes/report-form.tsx"),
  route("status", "routes/report-status.tsx"),
  route("healthz", "routes/healthz.ts"),
  // Staff.
  route("staff/sign-in", "routes/staff-sign-in.tsx"),
  route("staff/sign-out", "routes/staff-sign-out.ts"),
  layout("routes/staff-layout.tsx", [
    route("staff", "routes/staff-home.tsx"),
    route("school/reports", "routes/school-inbox.tsx"),
    route("school/reports/:reportId", "routes/school-report.tsx"),
    route("school/lessons", "routes/school-lessons.tsx"),
    route("school/lessons/:entryId", "routes/school-lesson-entry.tsx"),
    route("school/classes", "routes/school-classes.tsx"),
    route("school/classes/:classId", "routes/school-class.tsx"),
    route("school/programmes", "routes/school-programmes.tsx"),
    route("district/lessons", "routes/district-lessons.tsx"),
  ]),
] satisfies RouteConfig;
