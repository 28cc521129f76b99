import { Outlet } from "react-router";

// The region administrator's pages: schools and the service directory.

export default function RegionArea() {
  return <Outlet />;
}

export { RouteErrorPage as ErrorBoundary } from "~/components/route-error-page";
