import { Outlet } from "react-router";

// The school's pages: reports, cases, lessons, classes and the school's own settings.

export default function SchoolArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
