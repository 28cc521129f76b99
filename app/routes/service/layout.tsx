import { Outlet } from "react-router";

// A service's pages (centre, police, duty psychologist): the referrals sent to it.

export default function ServiceArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
